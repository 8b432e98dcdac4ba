import { chartSvg, xmlText } from '../cli/chart-svg.js';
import { formatNumber } from '../core/numbers.js';
import { MAX_TEAMS } from '../core/options/run.js';
import type { ProfileSummary, SimulationResult } from '../core/result/result.js';
import { BUILT_IN_STRATEGIES } from '../engine/strategy-loader.js';
import { profilePage } from './profiles.js';

/** What {@link dashboardPage} shows besides the result. */
export interface DashboardOptions {
  /**
   * Where the JSON routes are, as the browser sees them: the mount point,
   * then the base path (`''` at the root, `/api/wall` under one).
   */
  readonly mount: string;
  /** The configuration the result is for, as the form shows it (default: the served one). */
  readonly teams?: number | undefined;
  /** The built-in strategy's name, with `teams`. */
  readonly strategy?: string | undefined;
}

/** Rows of the profiles table per page. */
export const DASHBOARD_ROWS = 20;

/**
 * The dashboard a browser gets at `GET /` (`Accept: text/html`): the total
 * cost, the days, the number of profiles, the chart of `icewall chart`, the
 * first page of the profiles table, and a form (teams, strategy) whose
 * script re-fetches the JSON routes for that configuration, pages the table
 * through `GET /profiles/`, and updates all of it in place. One HTML string
 * with its CSS and script inline: no request leaves the server's origin,
 * and a Content-Security-Policy says so. Without script, the form is a plain
 * GET of this page for the configuration.
 */
export function dashboardPage(result: SimulationResult, options: DashboardOptions): string {
  const { mount, teams, strategy } = options;
  const svg = chartSvg(result, 'icewall');
  const page = profilePage(result, 1, DASHBOARD_ROWS, `${mount}/profiles/`);
  const strategies = Object.keys(BUILT_IN_STRATEGIES)
    .map((name) => `<option${name === strategy ? ' selected' : ''}>${xmlText(name)}</option>`)
    .join('');
  const rows = page.profiles.map(rowHtml).join('');
  const last = Math.min(result.profileCount, DASHBOARD_ROWS);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self'; form-action 'self'; base-uri 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>icewall</title>
<style>${STYLE}</style>
</head>
<body data-mount="${xmlText(mount)}" data-rows="${DASHBOARD_ROWS}">
<main>
<h1>icewall</h1>
<form id="config" method="get" action="${xmlText(mount)}/">
<label>teams <input id="teams" name="teams" type="number" min="1" max="${MAX_TEAMS}" step="1" inputmode="numeric" placeholder="one crew a section" value="${teams ?? ''}"></label>
<label>strategy <select id="strategy" name="strategy"><option value="">inOrder (default)</option>${strategies}</select></label>
<button type="submit">Show</button>
</form>
<p id="status" role="status"></p>
<dl class="summary">
<div><dt>total cost</dt><dd id="cost">${formatNumber(result.totalCost())}</dd><dd class="unit">Gold Dragons</dd></div>
<div><dt>days</dt><dd id="days">${formatNumber(result.days)}</dd></div>
<div><dt>profiles</dt><dd id="profiles">${formatNumber(result.profileCount)}</dd></div>
</dl>
<figure id="chart">${svg.slice(svg.indexOf('<svg'))}</figure>
<h2>Profiles</h2>
<div class="scroll"><table id="table">
<thead><tr><th>profile</th><th>sections</th><th>days</th><th>ice (yd³)</th><th>cost</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
<nav class="pages"><button type="button" id="prev" disabled>previous</button><span id="range">${rangeText(1, last, result.profileCount)}</span><button type="button" id="next"${page.next === null ? ' disabled' : ''}>next</button></nav>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** One row of the profiles table (the script builds the same cells). */
function rowHtml(p: ProfileSummary): string {
  const cells = [p.profile, p.sections, p.days, p.ice, p.cost].map(
    (n) => `<td>${formatNumber(n)}</td>`,
  );
  return `<tr>${cells.join('')}</tr>`;
}

/** "1–20 of 300" (the script writes the same). */
function rangeText(first: number, last: number, total: number): string {
  return `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(total)}`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#f6f6f4}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{margin:0 0 .75rem;font-size:1.5rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
form{display:flex;flex-wrap:wrap;gap:.75rem;align-items:end}
label{display:flex;flex-direction:column;font-size:.85rem;color:#555}
input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid #bbb;border-radius:4px;background:#fff}
input{width:10rem}
button{cursor:pointer;background:#4e79a7;color:#fff;border-color:#4e79a7}
button:disabled{background:#ccc;border-color:#ccc;cursor:default}
#status{min-height:1.4em;margin:.5rem 0;color:#555}
#status.error{color:#b00020}
.summary{display:flex;flex-wrap:wrap;gap:.75rem;margin:0}
.summary div{flex:1 1 9rem;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem .75rem}
dt{font-size:.8rem;color:#555}
dd{margin:0;font-size:1.35rem;font-variant-numeric:tabular-nums;white-space:nowrap}
dd.unit{font-size:.8rem;color:#555}
figure{margin:1rem 0;background:#fff;border:1px solid #ddd;border-radius:6px;padding:.25rem;overflow-x:auto}
figure svg{display:block;width:100%;min-width:36rem;height:auto}
.scroll{overflow-x:auto;background:#fff;border:1px solid #ddd;border-radius:6px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:.3rem .6rem;text-align:right;border-bottom:1px solid #eee;white-space:nowrap}
th{font-size:.85rem;color:#555}
@media (max-width:40rem){.summary div:first-child{flex-basis:100%}}
.pages{display:flex;gap:.75rem;align-items:center;justify-content:center;margin:.75rem 0}
`;

/**
 * The page's script: plain ES2017, no template literals (it sits in one).
 * It reads the JSON routes for the numbers and the table, and this page for
 * the configuration's days and chart.
 */
const SCRIPT = `
(function () {
  'use strict';
  var mount = document.body.dataset.mount;
  var rows = Number(document.body.dataset.rows);
  var form = document.getElementById('config');
  var status = document.getElementById('status');
  var offset = 0;
  function fmt(n) { return n.toLocaleString('en-US'); }
  function configuration() {
    var q = new URLSearchParams();
    var teams = document.getElementById('teams').value.trim();
    var strategy = document.getElementById('strategy').value;
    if (teams !== '') q.set('teams', teams);
    if (strategy !== '') q.set('strategy', strategy);
    return q;
  }
  function withQuery(path, q) {
    var s = q.toString();
    return mount + path + (s === '' ? '' : '?' + s);
  }
  function getJson(path, q) {
    return fetch(withQuery(path, q), { headers: { accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body && body.error ? body.error : 'HTTP ' + r.status);
        return body;
      });
    });
  }
  function getPage(q) {
    return fetch(withQuery('/', q), { headers: { accept: 'text/html' } }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.text();
    }).then(function (html) { return new DOMParser().parseFromString(html, 'text/html'); });
  }
  function showTable(page) {
    var body = document.querySelector('#table tbody');
    var fresh = document.createElement('tbody');
    page.profiles.forEach(function (p) {
      var tr = document.createElement('tr');
      [p.profile, p.sections, p.days, p.ice, p.cost].forEach(function (n) {
        var td = document.createElement('td');
        td.textContent = fmt(n);
        tr.appendChild(td);
      });
      fresh.appendChild(tr);
    });
    body.replaceWith(fresh);
    var last = Math.min(page.total, offset + page.profiles.length);
    document.getElementById('range').textContent = fmt(offset + 1) + '\\u2013' + fmt(last) + ' of ' + fmt(page.total);
    document.getElementById('prev').disabled = offset === 0;
    document.getElementById('next').disabled = page.next === null;
  }
  function tablePage(q) {
    var p = new URLSearchParams(q);
    p.set('offset', String(offset));
    p.set('limit', String(rows));
    return getJson('/profiles/', p);
  }
  function busy(text) {
    status.className = '';
    status.textContent = text;
  }
  function failed(error) {
    status.className = 'error';
    status.textContent = error.message;
  }
  // The configuration the page shows (the form may have changed since).
  var shown = configuration();
  function update() {
    var q = configuration();
    offset = 0;
    busy('Computing\\u2026');
    return Promise.all([getJson('/profiles/overview/', q), tablePage(q), getPage(q)]).then(function (all) {
      var doc = all[2];
      document.getElementById('cost').textContent = fmt(all[0].cost);
      document.getElementById('profiles').textContent = fmt(all[1].total);
      document.getElementById('days').textContent = doc.getElementById('days').textContent;
      document.querySelector('#chart svg').replaceWith(document.importNode(doc.querySelector('#chart svg'), true));
      showTable(all[1]);
      shown = q;
      history.replaceState(null, '', withQuery('/', q));
      busy('');
    }, failed);
  }
  function turn(by) {
    offset = Math.max(0, offset + by);
    tablePage(shown).then(showTable, failed);
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    update();
  });
  document.getElementById('prev').addEventListener('click', function () { turn(-rows); });
  document.getElementById('next').addEventListener('click', function () { turn(rows); });
})();
`;
