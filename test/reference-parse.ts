/**
 * A small, obviously-correct model of the config format (SPEC §3) for the
 * parser's property tests: whole text, one line at a time, regular
 * expressions. Errors are found in the order a single pass over the bytes
 * meets them: a bad token when it ends, a stray carriage return where it is,
 * a too-long profile at the end of its line.
 */
export type RefParse =
  | { ok: true; profiles: number[][] }
  | { ok: false; line: number; column: number; reason: string };

export function referenceParse(text: string, target = 30, maxSections = 2000): RefParse {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split('\n');
  const profiles: number[][] = [];
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l] as string;
    const hash = line.indexOf('#');
    const content = hash < 0 ? line : line.slice(0, hash);
    const isLast = l === lines.length - 1;
    type Found = { at: number; rank: number; column: number; reason: string };
    const found: Found[] = [];
    for (let k = 0; k < content.length; k++) {
      if (content[k] !== '\r') continue;
      const endsLine = k === line.length - 1 && !isLast;
      if (!endsLine) found.push({ at: k, rank: 1, column: k + 1, reason: 'not-a-whole-number' });
    }
    const heights: number[] = [];
    let excessColumn = 0;
    for (const m of content.matchAll(/[^ \t\r]+/g)) {
      const token = m[0];
      const start = m.index as number;
      const end = start + token.length;
      if (/^[0-9]+$/.test(token) && Number(token) <= target) {
        heights.push(Number(token));
        if (heights.length > maxSections && excessColumn === 0) excessColumn = start + 1;
      } else {
        const range = /^-?[0-9]+$/.test(token);
        found.push({
          at: end,
          rank: 0,
          column: start + 1,
          reason: range ? 'out-of-range' : 'not-a-whole-number',
        });
      }
    }
    if (excessColumn > 0) {
      found.push({
        at: line.length + 1,
        rank: 2,
        column: excessColumn,
        reason: 'too-many-sections',
      });
    }
    found.sort((a, b) => a.at - b.at || a.rank - b.rank);
    const first = found[0];
    if (first !== undefined)
      return { ok: false, line: l + 1, column: first.column, reason: first.reason };
    if (heights.length > 0) profiles.push(heights);
  }
  if (profiles.length === 0) return { ok: false, line: 1, column: 1, reason: 'empty' };
  return { ok: true, profiles };
}
