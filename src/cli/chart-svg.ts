import { formatNumber } from '../core/numbers.js';
import type { SimulationResult } from '../core/result/result.js';

const WIDTH = 900;
const PLOT_H = 300;
const TEAMS_H = 120;
const LEFT = 90;
const TOP = 40;
const SAMPLES = 400;
const MAX_PROFILES = 40;
const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

/**
 * Text for an XML 1.0 element or attribute: markup characters escaped
 * (`>` too, so `]]>` cannot appear), and the characters XML 1.0 forbids
 * (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF; lone
 * surrogates) replaced with U+FFFD, since no escape can represent them.
 */
export function xmlText(s: string): string {
  return s
    .replace(/\p{Cc}|\p{Cs}|[\ufffe\uffff]/gu, (c) => (xmlAllows(c) ? c : '\ufffd'))
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string);
}

/** Whether XML 1.0 allows a control, surrogate or non-character code unit. */
function xmlAllows(c: string): boolean {
  const code = c.charCodeAt(0);
  // Tab, line feed, carriage return, and the C1 controls U+007F–U+009F.
  return code === 9 || code === 10 || code === 13 || (code >= 0x7f && code <= 0x9f);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * An SVG picture of a run: cumulative cost per profile over the days (at
 * most 400 sample days a line, since cumulative cost is monotone) and the
 * teams at work per day (drawn from the days the number changes). Its size
 * does not grow with the number of days.
 */
export function chartSvg(result: SimulationResult, title: string): string {
  const days = Math.max(1, result.days);
  const plotW = WIDTH - LEFT - 30;
  const x = (day: number) => (LEFT + (day / days) * plotW).toFixed(1);
  const sampleDays: number[] = [];
  for (let k = 1; k <= SAMPLES; k++) {
    const d = Math.round((k / SAMPLES) * days);
    if (d >= 1 && d !== sampleDays.at(-1)) sampleDays.push(d);
  }
  // Loops, not Math.max(...array): a spread of 10^5+ values overflows the stack.
  let maxCost = 1;
  for (let p = 1; p <= result.profileCount; p++) maxCost = Math.max(maxCost, result.profileCost(p));
  const y = (cost: number) => (TOP + PLOT_H - (cost / maxCost) * PLOT_H).toFixed(1);
  const shown = Math.min(result.profileCount, MAX_PROFILES);
  const lines: string[] = [];
  for (let p = 1; p <= shown; p++) {
    const points = [
      `${x(0)},${y(0)}`,
      ...sampleDays.map((d) => `${x(d)},${y(result.profileCost(p, d))}`),
    ];
    lines.push(
      `<polyline fill="none" stroke="${PALETTE[(p - 1) % PALETTE.length]}" stroke-width="1.5" points="${points.join(' ')}"><title>profile ${p}: ${formatNumber(result.profileCost(p))} Gold Dragons</title></polyline>`,
      `<text x="${LEFT + plotW + 3}" y="${y(result.profileCost(p))}" fill="${PALETTE[(p - 1) % PALETTE.length]}" font-size="10">p${p}</text>`,
    );
  }
  // Teams at work: a step line through the change points, thinned if there are very many.
  let changes = result.workChanges();
  if (changes.length > 2000) {
    changes = sampleDays.map((d) => ({ day: d, teams: result.teamsAtWork(d) }));
  }
  let maxTeams = 1;
  for (const c of changes) maxTeams = Math.max(maxTeams, c.teams);
  const teamsTop = TOP + PLOT_H + 60;
  const ty = (t: number) => (teamsTop + TEAMS_H - (t / maxTeams) * TEAMS_H).toFixed(1);
  const steps: string[] = [];
  let last = 0;
  for (const c of changes) {
    const day = Math.min(c.day - 1, days);
    steps.push(`${x(day)},${ty(last)}`, `${x(day)},${ty(c.teams)}`);
    last = c.teams;
  }
  const height = teamsTop + TEAMS_H + 50;
  const note =
    result.profileCount > shown
      ? ` (first ${shown} of ${formatNumber(result.profileCount)} profiles)`
      : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">
<title>${xmlText(title)}</title>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${LEFT}" y="20" font-size="15">${xmlText(title)}: ${formatNumber(result.days)} days, ${formatNumber(result.totalCost())} Gold Dragons</text>
<text x="${LEFT}" y="${TOP - 6}">cumulative cost per profile${xmlText(note)}</text>
<line x1="${LEFT}" y1="${TOP + PLOT_H}" x2="${LEFT + plotW}" y2="${TOP + PLOT_H}" stroke="#000"/>
<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + PLOT_H}" stroke="#000"/>
<text x="${LEFT - 6}" y="${TOP + 4}" text-anchor="end">${formatNumber(maxCost)}</text>
<text x="${LEFT - 6}" y="${TOP + PLOT_H}" text-anchor="end">0</text>
${lines.join('\n')}
<text x="${LEFT}" y="${teamsTop - 6}">teams at work</text>
<line x1="${LEFT}" y1="${teamsTop + TEAMS_H}" x2="${LEFT + plotW}" y2="${teamsTop + TEAMS_H}" stroke="#000"/>
<text x="${LEFT - 6}" y="${teamsTop + 4}" text-anchor="end">${formatNumber(maxTeams)}</text>
<text x="${LEFT - 6}" y="${teamsTop + TEAMS_H}" text-anchor="end">0</text>
<polyline fill="none" stroke="#333" stroke-width="1.5" points="${steps.join(' ')}"/>
<text x="${LEFT}" y="${height - 20}">day 1</text>
<text x="${LEFT + plotW}" y="${height - 20}" text-anchor="end">day ${formatNumber(result.days)}</text>
</svg>
`;
}
