/**
 * The obviously-correct model the library is compared with: the toy
 * day-by-day loop of SPEC §4, one object per team, no cleverness. Never use
 * it outside tests; it is O(days × teams).
 */

export interface RefSection {
  position: number;
  profile: number;
  section: number;
  remaining: number;
}

export type RefEvent =
  | {
      name: 'teamAssigned' | 'sectionCompleted';
      day: number;
      team: number;
      profile: number;
      section: number;
    }
  | { name: 'teamRelieved'; day: number; team: number }
  | { name: 'dayCompleted'; day: number; ice: number; cost: number; cumulativeCost: number }
  | { name: 'progress'; day: number; sectionsCompleted: number; sectionsTotal: number }
  | { name: 'finished'; days: number; ice: number; cost: number };

export interface RefOptions {
  teams?: number;
  targetHeight?: number;
  icePerFoot?: number;
  costPerCubicYard?: number;
  progressSteps?: number;
  /** Chooses among the pending sections (in build order); default: the first. */
  pick?: (pending: RefSection[], day: number, team: number) => RefSection;
}

export interface RefResult {
  days: number;
  /** dailyIce[p][d] for 0-based profile p and 1-based day d (index 0 unused). */
  dailyIce: number[][];
  events: RefEvent[];
  totalIce: number;
  totalCost: number;
}

export function referenceSimulate(profiles: number[][], options: RefOptions = {}): RefResult {
  const target = options.targetHeight ?? 30;
  const icePerFoot = options.icePerFoot ?? 195;
  const price = options.costPerCubicYard ?? 1900;
  const steps = options.progressSteps ?? 100;
  const pick = options.pick ?? ((pending) => pending[0] as RefSection);

  const heights: { profile: number; section: number; height: number; position: number }[] = [];
  let position = 0;
  profiles.forEach((row, p) => {
    row.forEach((h, s) => {
      position++;
      heights.push({ profile: p + 1, section: s + 1, height: h, position });
    });
  });
  let pending: RefSection[] = heights
    .filter((x) => x.height < target)
    .map((x) => ({
      position: x.position,
      profile: x.profile,
      section: x.section,
      remaining: target - x.height,
    }));
  const total = pending.length;
  const teamCount = options.teams ?? total;
  const events: RefEvent[] = [];
  const dailyIce: number[][] = profiles.map(() => [0]);
  if (total === 0) {
    events.push({ name: 'finished', days: 0, ice: 0, cost: 0 });
    return { days: 0, dailyIce, events, totalIce: 0, totalCost: 0 };
  }
  const teams = Array.from({ length: teamCount }, (_, k) => ({
    id: k + 1,
    work: null as null | { s: RefSection; left: number },
    relieved: false,
  }));
  const step = Math.max(1, Math.ceil(total / steps));
  let nextProgress = Math.min(step, total);
  let completed = 0;
  let cumulative = 0;
  let day = 0;
  while (completed < total) {
    day++;
    for (const t of teams) {
      if (!t.relieved && t.work === null && pending.length > 0) {
        const s = pick(pending, day, t.id);
        if (!pending.includes(s)) throw new Error('reference pick returned a non-pending section');
        pending = pending.filter((x) => x !== s);
        t.work = { s, left: s.remaining };
        events.push({
          name: 'teamAssigned',
          day,
          team: t.id,
          profile: s.profile,
          section: s.section,
        });
      }
    }
    let iceToday = 0;
    for (const row of dailyIce) row[day] = 0;
    for (const t of teams) {
      if (t.work !== null) {
        t.work.left--;
        const row = dailyIce[t.work.s.profile - 1] as number[];
        row[day] = (row[day] as number) + icePerFoot;
        iceToday += icePerFoot;
      }
    }
    for (const t of teams) {
      if (t.work !== null && t.work.left === 0) {
        events.push({
          name: 'sectionCompleted',
          day,
          team: t.id,
          profile: t.work.s.profile,
          section: t.work.s.section,
        });
        t.work = null;
        completed++;
      }
    }
    if (pending.length === 0) {
      for (const t of teams) {
        if (!t.relieved && t.work === null) {
          t.relieved = true;
          events.push({ name: 'teamRelieved', day, team: t.id });
        }
      }
    }
    cumulative += iceToday * price;
    events.push({
      name: 'dayCompleted',
      day,
      ice: iceToday,
      cost: iceToday * price,
      cumulativeCost: cumulative,
    });
    if (completed >= nextProgress) {
      events.push({ name: 'progress', day, sectionsCompleted: completed, sectionsTotal: total });
      nextProgress =
        completed === total
          ? Number.POSITIVE_INFINITY
          : Math.min(total, (Math.floor(completed / step) + 1) * step);
    }
  }
  const totalIce = dailyIce.flat().reduce((a, b) => a + b, 0);
  events.push({ name: 'finished', days: day, ice: totalIce, cost: totalIce * price });
  return { days: day, dailyIce, events, totalIce, totalCost: totalIce * price };
}

/** The reference's ice for profile p (1-based) on day d (0 after the end). */
export function refDailyIce(ref: RefResult, profile: number, day: number): number {
  return ref.dailyIce[profile - 1]?.[day] ?? 0;
}

/** The reference's cumulative ice for profile p (1-based) on days 1..d. */
export function refProfileIce(ref: RefResult, profile: number, day: number): number {
  const row = ref.dailyIce[profile - 1] as number[];
  let sum = 0;
  for (let d = 1; d <= Math.min(day, row.length - 1); d++) sum += row[d] as number;
  return sum;
}
