import { count, formatNumber } from '../core/numbers.js';
import type { SimulationResult } from '../core/result/result.js';

const WIDTH = 900;
const PLOT_H = 300;
const TEAMS_H = 120;
const LEFT = 90;
/** Room right of the plot for the series labels. */
const RIGHT = 150;
const TOP = 56;
const SAMPLES = 400;
const FONT = 12;
/** The longest title shown whole (a 10^15 total still fits after it). */
const TITLE_CHARS = 40;
const LABEL_FONT = 11;
/** A label line's height: labels closer than this would touch. */
const LABEL_LINE = 14;
/** The costliest profiles drawn on their own; the rest are one "others" band. */
export const TOP_PROFILES = 8;
/**
 * Tableau 10: eight distinct hues for the costliest profiles, a ninth when
 * exactly nine profiles are drawn, and its grey for "others".
 */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
];
const OTHERS_COLOUR = '#bab0ac';

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

/** One band of the stacked chart: a profile, or the profiles not drawn on their own. */
interface Band {
  /** Its label: short, so that the widest (10^8 others) fits right of the plot. */
  readonly label: string;
  /** Its whole cost, for the tooltip. */
  readonly total: number;
  readonly colour: string;
  /** Its cumulative cost up to day `day`. */
  readonly cost: (day: number) => number;
}

/** A text's box, in SVG user units (y grows downwards). */
export interface TextBox {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The profiles drawn on their own: the {@link TOP_PROFILES} costliest (ties
 * to the lower number), costliest first, or all of them when at most one
 * more would be left. One pass, O(profiles).
 */
export function chartProfiles(result: SimulationResult): number[] {
  const n = result.profileCount;
  const keep = n <= TOP_PROFILES + 1 ? n : TOP_PROFILES;
  const top: number[] = [];
  const costOf = (p: number) => result.profileCost(p);
  for (let p = 1; p <= n; p++) {
    const cost = costOf(p);
    if (top.length === keep && cost <= costOf(top[keep - 1] as number)) continue;
    let at = top.length === keep ? keep - 1 : top.length;
    while (at > 0 && costOf(top[at - 1] as number) < cost) {
      top[at] = top[at - 1] as number;
      at--;
    }
    top[at] = p;
  }
  return top;
}

/** The bands, bottom up: the chosen profiles costliest first, then "others" if any are left. */
function bandsOf(result: SimulationResult, shown: readonly number[]): Band[] {
  const bands: Band[] = shown.map((p, k) => ({
    label: `p${p}`,
    total: result.profileCost(p),
    colour: PALETTE[k] as string,
    cost: (day: number) => result.profileCost(p, day),
  }));
  const others = result.profileCount - shown.length;
  if (others > 0) {
    const cost = (day: number) => {
      let sum = result.totalCost(day);
      for (const p of shown) sum -= result.profileCost(p, day);
      return sum;
    };
    bands.push({
      label: `${formatNumber(others)} others`,
      total: cost(Math.max(1, result.days)),
      colour: OTHERS_COLOUR,
      cost,
    });
  }
  return bands;
}

/**
 * Moves labels apart: each wants to sit at `wanted[i]` (a baseline), and
 * labels must be at least `line` apart and within `[min, max]`. Keeps their
 * order and moves each as little as this greedy pass does: down from the
 * top, then back up from `max`. Fits whenever `(n - 1) * line <= max - min`.
 */
export function spreadLabels(
  wanted: readonly number[],
  line: number,
  min: number,
  max: number,
): number[] {
  const order = wanted
    .map((_, i) => i)
    .sort((a, b) => (wanted[a] as number) - (wanted[b] as number));
  const placed = new Array<number>(wanted.length);
  let floor = min;
  for (const i of order) {
    placed[i] = Math.max(wanted[i] as number, floor);
    floor = (placed[i] as number) + line;
  }
  let ceiling = max;
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k] as number;
    placed[i] = Math.min(placed[i] as number, ceiling);
    ceiling = (placed[i] as number) - line;
  }
  return placed;
}

/** The title as the picture shows it: at most {@link TITLE_CHARS} characters, so that it fits. */
function shortTitle(title: string): string {
  const chars = [...title];
  return chars.length <= TITLE_CHARS ? title : `${chars.slice(0, TITLE_CHARS - 1).join('')}…`;
}

/** A text's box from an estimate of its width (sans-serif digits are about 0.56 em wide). */
function boxOf(text: string, x: number, baseline: number, size: number, anchor: Anchor): TextBox {
  const width = [...text].length * size * 0.62;
  const left = anchor === 'end' ? x - width : anchor === 'middle' ? x - width / 2 : x;
  return { text, x: left, y: baseline - size * 0.8, width, height: size };
}

type Anchor = 'start' | 'middle' | 'end';

/** The chart's pieces, measured: what chartSvg draws, and what a test can check. */
export interface ChartLayout {
  readonly svg: string;
  /** Every text's box (estimated width), the series labels among them. */
  readonly texts: readonly TextBox[];
}

/**
 * An SVG picture of a run: the cumulative cost per day, stacked, of the
 * {@link TOP_PROFILES} costliest profiles and of all the others together
 * (at most 400 sample days, since cumulative cost is monotone), labelled
 * at the right without overlaps; and the teams at work per day (drawn from
 * the days the number changes). Its size grows with neither the days nor
 * the profiles.
 */
export function chartSvg(result: SimulationResult, title: string): string {
  return chartLayout(result, title).svg;
}

/** {@link chartSvg} with the boxes of its texts. */
export function chartLayout(result: SimulationResult, title: string): ChartLayout {
  const days = Math.max(1, result.days);
  const plotW = WIDTH - LEFT - RIGHT;
  const x = (day: number) => (LEFT + (day / days) * plotW).toFixed(1);
  const sampleDays: number[] = [];
  for (let k = 1; k <= SAMPLES; k++) {
    const d = Math.round((k / SAMPLES) * days);
    if (d >= 1 && d !== sampleDays.at(-1)) sampleDays.push(d);
  }
  const maxCost = Math.max(1, result.totalCost());
  const yOf = (cost: number) => TOP + PLOT_H - (cost / maxCost) * PLOT_H;
  const y = (cost: number) => yOf(cost).toFixed(1);
  const texts: TextBox[] = [];
  const parts: string[] = [];
  const text = (
    s: string,
    tx: number,
    ty: number,
    extra = '',
    size = FONT,
    anchor: Anchor = 'start',
  ) => {
    texts.push(boxOf(s, tx, ty, size, anchor));
    const a = anchor === 'start' ? '' : ` text-anchor="${anchor}"`;
    const f = size === FONT ? '' : ` font-size="${size}"`;
    parts.push(`<text x="${tx}" y="${ty}"${a}${f}${extra}>${xmlText(s)}</text>`);
  };

  // Stacked areas, each drawn from the axis up to the top of its band, the
  // highest first so that each lower one paints over it: one edge a band.
  const shown = chartProfiles(result);
  const bands = bandsOf(result, shown);
  const tops = sampleDays.map(() => 0);
  const edges = bands.map((band) =>
    sampleDays.map((d, k) => (tops[k] = (tops[k] as number) + band.cost(d))),
  );
  const areas: string[] = [];
  for (let b = bands.length - 1; b >= 0; b--) {
    const band = bands[b] as Band;
    const edge = edges[b] as number[];
    const points = [
      `${x(0)},${y(0)}`,
      ...sampleDays.map((d, k) => `${x(d)},${y(edge[k] as number)}`),
      `${x(days)},${y(0)}`,
    ];
    areas.push(
      `<polygon fill="${band.colour}" stroke="#fff" stroke-width="0.5" points="${points.join(' ')}"><title>${xmlText(band.label)}: ${formatNumber(band.total)} Gold Dragons</title></polygon>`,
    );
  }

  // Labels right of the plot, level with the middle of their band on the last day.
  const last = sampleDays.length - 1;
  const mids = bands.map((_, b) => {
    const below = b === 0 ? 0 : ((edges[b - 1] as number[])[last] as number);
    const above = (edges[b] as number[])[last] as number;
    return (yOf(below) + yOf(above)) / 2;
  });
  const lift = LABEL_FONT * 0.35;
  const placed = spreadLabels(
    mids.map((m) => m + lift),
    LABEL_LINE,
    TOP + LABEL_FONT,
    TOP + PLOT_H + LABEL_FONT,
  );
  const labelX = LEFT + plotW + 14;
  const leaders: string[] = [];
  bands.forEach((band, b) => {
    const at = placed[b] as number;
    const mid = mids[b] as number;
    leaders.push(
      `<line x1="${LEFT + plotW + 1}" y1="${mid.toFixed(1)}" x2="${labelX - 3}" y2="${(at - lift).toFixed(1)}" stroke="${band.colour}"/>`,
    );
    text(band.label, labelX, Number(at.toFixed(1)), ` fill="#333"`, LABEL_FONT);
  });

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
  let previous = 0;
  for (const c of changes) {
    const day = Math.min(c.day - 1, days);
    steps.push(`${x(day)},${ty(previous)}`, `${x(day)},${ty(c.teams)}`);
    previous = c.teams;
  }
  const height = teamsTop + TEAMS_H + 50;
  const stacked =
    shown.length < result.profileCount
      ? `, stacked: the ${shown.length} costliest profiles and ${formatNumber(result.profileCount - shown.length)} others`
      : ' per profile, stacked';

  text(
    `${shortTitle(title)}: ${count(result.days, 'day')}, ${formatNumber(result.totalCost())} Gold Dragons`,
    LEFT,
    22,
    '',
    15,
  );
  text(`cumulative cost${stacked}`, LEFT, TOP - 10);
  // Inside the plot's top-left corner, which a cumulative picture leaves empty:
  // a total of 10^15 is wider than the margin.
  text(formatNumber(maxCost), LEFT + 6, TOP + 10);
  text('0', LEFT - 6, TOP + PLOT_H, '', FONT, 'end');
  text('teams at work', LEFT, teamsTop - 10);
  text(formatNumber(maxTeams), LEFT - 6, teamsTop + 4, '', FONT, 'end');
  text('0', LEFT - 6, teamsTop + TEAMS_H, '', FONT, 'end');
  text('day 1', LEFT, height - 20);
  text(`day ${formatNumber(result.days)}`, LEFT + plotW, height - 20, '', FONT, 'end');

  const svg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="${FONT}">
<title>${xmlText(title)}</title>
<rect width="100%" height="100%" fill="#fff"/>
${areas.join('\n')}
<line x1="${LEFT}" y1="${TOP + PLOT_H}" x2="${LEFT + plotW}" y2="${TOP + PLOT_H}" stroke="#000"/>
<line x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + PLOT_H}" stroke="#000"/>
${leaders.join('\n')}
<line x1="${LEFT}" y1="${teamsTop + TEAMS_H}" x2="${LEFT + plotW}" y2="${teamsTop + TEAMS_H}" stroke="#000"/>
<polyline fill="none" stroke="#333" stroke-width="1.5" points="${steps.join(' ')}"/>
${parts.join('\n')}
</svg>
`;
  return { svg, texts };
}
