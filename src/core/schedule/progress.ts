/**
 * When `progress` events fall due: at every `step` completed sections (a
 * step is 1/`steps` of the work, rounded up), at most once a day, and last
 * when everything is complete.
 */
export class ProgressSteps {
  private readonly step: number;
  private next: number;

  /**
   * @param total - sections that need work
   * @param steps - how many events a run emits at most
   */
  constructor(
    private readonly total: number,
    steps: number,
  ) {
    this.step = Math.max(1, Math.ceil(total / steps));
    this.next = Math.min(this.step, total);
  }

  /**
   * Whether a step was reached with `completed` sections done; if so, the
   * next step is set past it.
   */
  reached(completed: number): boolean {
    if (completed < this.next) return false;
    this.next =
      completed === this.total
        ? Number.POSITIVE_INFINITY
        : Math.min(this.total, (Math.floor(completed / this.step) + 1) * this.step);
    return true;
  }
}
