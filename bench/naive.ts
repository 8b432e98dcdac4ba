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
