/**
 * The toy version the library replaces, kept only as a baseline for the
 * benchmarks: split the text into number[][], then loop day by day over every
 * section (one crew each) or every team, keeping a dense profiles × days table.
 */
export function naiveRun(text: string, teams: number | undefined): { days: number; cost: number } {
  const profiles = text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0)
    .map((line) => line.split(/[ \t]+/).map(Number));
  const daily: number[][] = profiles.map(() => [0]);
  let day = 0;
  let cost = 0;
  if (teams === undefined) {
    const heights = profiles.map((row) => row.slice());
    let left = heights.reduce((n, row) => n + row.filter((h) => h < 30).length, 0);
    while (left > 0) {
      day++;
      for (let p = 0; p < heights.length; p++) {
        const row = heights[p] as number[];
        let ice = 0;
        for (let s = 0; s < row.length; s++) {
          if ((row[s] as number) < 30) {
            row[s] = (row[s] as number) + 1;
            ice += 195;
            if (row[s] === 30) left--;
          }
        }
        (daily[p] as number[])[day] = ice;
        cost += ice * 1900;
      }
    }
    return { days: day, cost };
  }
  const queue: { p: number; left: number }[] = [];
  profiles.forEach((row, p) => {
    for (const h of row) if (h < 30) queue.push({ p, left: 30 - h });
  });
  const busy: ({ p: number; left: number } | null)[] = Array.from({ length: teams }, () => null);
  let next = 0;
  let done = 0;
  while (done < queue.length) {
    day++;
    for (const row of daily) row[day] = 0;
    for (let t = 0; t < teams; t++) {
      if (busy[t] === null && next < queue.length)
        busy[t] = queue[next++] as { p: number; left: number };
      const work = busy[t];
      if (work) {
        work.left--;
        (daily[work.p] as number[])[day] = ((daily[work.p] as number[])[day] as number) + 195;
        cost += 195 * 1900;
        if (work.left === 0) {
          busy[t] = null;
          done++;
        }
      }
    }
  }
  return { days: day, cost };
}

/**
 * The sparse naive teams loop, from parsed input: an array of remaining
 * feet per team and one pass over the teams per day; each profile's daily
 * ice is kept as change points (no profiles × days table). O(days × teams).
 */
export function naiveTeams(
  profiles: readonly (readonly number[])[],
  teams: number,
): { days: number; cost: number } {
  const queueProfile: number[] = [];
  const queueNeed: number[] = [];
  profiles.forEach((row, p) => {
    for (const h of row) {
      if (h < 30) {
        queueProfile.push(p);
        queueNeed.push(30 - h);
      }
    }
  });
  const left = new Array<number>(teams).fill(0);
  const on = new Array<number>(teams).fill(-1);
  const today = new Array<number>(profiles.length).fill(0);
  const last = new Array<number>(profiles.length).fill(0);
  const changes: number[][] = profiles.map(() => []);
  const touched: number[] = [];
  const yesterday: number[] = [];
  let next = 0;
  let done = 0;
  let day = 0;
  let cost = 0;
  while (done < queueNeed.length) {
    day++;
    for (let t = 0; t < teams; t++) {
      if (on[t] === -1 && next < queueNeed.length) {
        on[t] = queueProfile[next] as number;
        left[t] = queueNeed[next++] as number;
      }
      const p = on[t] as number;
      if (p === -1) continue;
      if (today[p] === 0) touched.push(p);
      today[p] = (today[p] as number) + 195;
      cost += 195 * 1900;
      left[t] = (left[t] as number) - 1;
      if (left[t] === 0) {
        on[t] = -1;
        done++;
      }
    }
    // Record each profile's ice when it changes: the profiles worked today,
    // and those worked yesterday but not today (their ice drops to 0).
    for (const p of yesterday) {
      if (today[p] === 0) {
        (changes[p] as number[]).push(day, 0);
        last[p] = 0;
      }
    }
    for (const p of touched) {
      const ice = today[p] as number;
      if (ice !== last[p]) {
        (changes[p] as number[]).push(day, ice);
        last[p] = ice;
      }
    }
    for (const p of yesterday) if (today[p] === 0) last[p] = 0;
    yesterday.length = 0;
    for (const p of touched) {
      yesterday.push(p);
      today[p] = 0;
    }
    touched.length = 0;
  }
  return { days: day, cost };
}

/**
 * The tight day loop (issue 18's second teams baseline): the simplest
 * correct teams program, written with typed arrays. A queue of each
 * unfinished section's feet in wall order and an `Int32Array` of T slots;
 * each day every busy slot lays one foot, and a slot that reaches 0 refills
 * from the queue (its team takes the next section the next day). It answers
 * only `days` and the total cost; the library also keeps every profile's
 * daily ice. O(days × teams).
 */
export function tightTeams(heights: Uint8Array, teams: number): { days: number; cost: number } {
  const queue = new Int32Array(heights.length);
  let n = 0;
  for (let i = 0; i < heights.length; i++) {
    const need = 30 - (heights[i] as number);
    if (need > 0) queue[n++] = need;
  }
  const slots = new Int32Array(teams);
  const perFoot = 195 * 1900;
  let next = 0;
  let busy = 0;
  for (let s = 0; s < teams && next < n; s++) {
    slots[s] = queue[next++] as number;
    busy++;
  }
  let day = 0;
  let cost = 0;
  while (busy > 0) {
    day++;
    for (let s = 0; s < teams; s++) {
      const left = slots[s] as number;
      if (left === 0) continue;
      cost += perFoot;
      if (left > 1) slots[s] = left - 1;
      else if (next < n) slots[s] = queue[next++] as number;
      else {
        slots[s] = 0;
        busy--;
      }
    }
  }
  return { days: day, cost };
}
