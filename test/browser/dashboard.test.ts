// The dashboard (issue 20 F) in real headless Chromium against a real
// server on a loopback port: its numbers equal the JSON API's, the table
// pages through GET /profiles/, the form changes teams, no console error
// and no request to another origin, readable at phone width. It saves a
// screenshot (to docs/dashboard.png when UPDATE_SCREENSHOT=1).
import { mkdirSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/core/numbers.js';
import { createRequestHandler } from '../../src/http/index.js';
import { parseWall, simulate } from '../../src/index.js';
import { randomWall } from '../../src/testing/index.js';
import { launchBrowser } from '../support/browser.js';

const EXAMPLE = '21 25 28\n17\n17 22 17 19 17\n';
const root = fileURLToPath(new URL('../../', import.meta.url));
const shots = join(tmpdir(), 'icewall-dashboard');
let browser: Browser;
const servers: Server[] = [];
/** Handlers that made an engine for ?teams= have close(): closed after the servers. */
const handlers: unknown[] = [];

/** A real server on a loopback port serving this handler; its origin. */
async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  handlers.push(handler);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await new Promise((done) => s.close(done));
  for (const h of handlers) await (h as { close?: () => Promise<void> }).close?.();
});

/** A page that records console errors, page errors and every request's URL. */
async function openPage(width = 1000, height = 900) {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  return { page, errors, requests };
}

async function json(url: string): Promise<Record<string, unknown>> {
  const r = await fetch(url, { headers: { accept: 'application/json' } });
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, unknown>;
}

const text = (page: Page, selector: string) => page.locator(selector).textContent();

/** The table's cells, row by row. */
async function tableRows(page: Page): Promise<string[][]> {
  const rows = await page.locator('#table tbody tr').all();
  return Promise.all(rows.map((r) => r.locator('td').allInnerTexts()));
}

/** The same rows from a JSON page of GET /profiles/. */
function rowsOf(body: Record<string, unknown>): string[][] {
  const profiles = body.profiles as Record<string, number>[];
  return profiles.map((p) =>
    [p.profile, p.sections, p.days, p.ice, p.cost].map((n) => formatNumber(n as number)),
  );
}

describe('the dashboard', () => {
  it('answers a browser with the page and JSON clients with the index', async () => {
    const origin = await serve(createRequestHandler(simulate(parseWall(EXAMPLE))));
    const html = await fetch(`${origin}/`, { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('vary')).toBe('Accept');
    const page = await html.text();
    expect(page).toMatch(/^<!doctype html>/);
    // Small: this is what a browser downloads (the report quotes it).
    expect(Buffer.byteLength(page)).toBeLessThan(24_000);
    expect(page).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    for (const accept of ['application/json', '*/*', '']) {
      const r = await fetch(`${origin}/`, { headers: accept === '' ? {} : { accept } });
      expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(((await r.json()) as { name: string }).name).toBe('icewall');
    }
  });

  it('shows the numbers of the JSON API and stays on its origin', async () => {
    const origin = await serve(createRequestHandler(simulate(parseWall(EXAMPLE))));
    const { page, errors, requests } = await openPage();
    await page.goto(`${origin}/`);
    const overview = await json(`${origin}/profiles/overview/`);
    const health = await json(`${origin}/health`);
    const profiles = await json(`${origin}/profiles/?offset=0&limit=20`);
    expect(await text(page, '#cost')).toBe(formatNumber(overview.cost as number));
    expect(await text(page, '#cost')).toBe('32,233,500');
    expect(await text(page, '#days')).toBe(formatNumber(health.days as number));
    expect(await text(page, '#profiles')).toBe(formatNumber(profiles.total as number));
    expect(await tableRows(page)).toEqual(rowsOf(profiles));
    expect(await page.locator('#chart svg polygon').count()).toBe(3);
    expect(await page.getByLabel('teams').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'example.png'), fullPage: true });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      await page.screenshot({ path: join(root, 'docs/dashboard.png'), fullPage: true });
    }
    // A value the form refuses (teams 0) sends nothing.
    const before = requests.length;
    await page.getByLabel('teams').fill('0');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('#teams:invalid').count()).toBe(1);
    expect(requests.length).toBe(before);
    expect(errors).toEqual([]);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    await page.close();
  });

  it("changes teams through the handler's own ?teams= (teams 2 on the example: 48 days)", async () => {
    const origin = await serve(createRequestHandler(simulate(parseWall(EXAMPLE))));
    const two = await json(`${origin}/profiles/?teams=2&limit=1000`);
    const days = Math.max(...(two.profiles as { days: number }[]).map((p) => p.days));
    expect(days).toBe(48);
    const { page, errors, requests } = await openPage();
    await page.goto(`${origin}/`);
    await page.getByLabel('teams').fill('2');
    await page.getByLabel('strategy').selectOption('inOrder');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => text(page, '#days')).toBe('48');
    const cost = await json(`${origin}/profiles/overview/?teams=2&strategy=inOrder`);
    expect(await text(page, '#cost')).toBe(formatNumber(cost.cost as number));
    const rows = await json(`${origin}/profiles/?teams=2&strategy=inOrder&offset=0&limit=20`);
    expect(await tableRows(page)).toEqual(rowsOf(rows));
    expect(await page.locator('#chart svg').innerHTML()).toContain('48 days');
    expect(page.url()).toBe(`${origin}/?teams=2&strategy=inOrder`);
    expect(await text(page, '#status')).toBe('');
    expect(errors).toEqual([]);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    await page.close();
  });

  it('updates everything in place from the answers for ?teams= (a server that routes each teams value to its own handler)', async () => {
    // Until the handler answers ?teams= itself (issue 20 A), this runs the
    // page's update against real handlers of the one-crew and the two-team results.
    const wall = parseWall(EXAMPLE);
    const one = createRequestHandler(simulate(wall));
    const two = createRequestHandler(simulate(wall, { teams: 2 }));
    handlers.push(one, two);
    const origin = await serve((req, res) => {
      const teams = new URL(req.url ?? '/', 'http://x').searchParams.get('teams');
      (teams === '2' ? two : one)(req, res);
    });
    const { page, errors, requests } = await openPage();
    await page.goto(`${origin}/`);
    expect(await text(page, '#days')).toBe('13');
    const chartBefore = await page.locator('#chart svg').innerHTML();
    await page.getByLabel('teams').fill('2');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => text(page, '#days')).toBe('48');
    expect(await text(page, '#cost')).toBe('32,233,500');
    expect(await text(page, '#profiles')).toBe('3');
    const rows = await json(`${origin}/profiles/?teams=2&offset=0&limit=20`);
    expect(await tableRows(page)).toEqual(rowsOf(rows));
    expect(await page.locator('#chart svg').innerHTML()).not.toBe(chartBefore);
    expect(await page.locator('#chart svg').innerHTML()).toContain('48 days');
    expect(page.url()).toBe(`${origin}/?teams=2`);
    expect(await text(page, '#status')).toBe('');
    await page.screenshot({ path: join(shots, 'teams-2.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    await page.close();
  });

  it('pages the table through GET /profiles/, under a base path', async () => {
    const result = simulate(randomWall({ seed: 45, profiles: 45, sections: [1, 30] }));
    const origin = await serve(createRequestHandler(result, { basePath: '/api/wall' }));
    const { page, errors, requests } = await openPage();
    await page.goto(`${origin}/api/wall/`);
    expect(await text(page, '#range')).toBe('1–20 of 45');
    await page.getByRole('button', { name: 'next' }).click();
    await expect.poll(() => text(page, '#range')).toBe('21–40 of 45');
    const second = await json(`${origin}/api/wall/profiles/?offset=20&limit=20`);
    expect(await tableRows(page)).toEqual(rowsOf(second));
    await page.getByRole('button', { name: 'next' }).click();
    await expect.poll(() => text(page, '#range')).toBe('41–45 of 45');
    expect(await page.getByRole('button', { name: 'next' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'previous' }).click();
    await expect.poll(() => text(page, '#range')).toBe('21–40 of 45');
    expect(await page.locator('#chart svg polygon').count()).toBe(9);
    expect(errors).toEqual([]);
    expect(requests.every((url) => new URL(url).pathname.startsWith('/api/wall/'))).toBe(true);
    await page.close();
  });

  it('is readable at phone width: only the chart and the table scroll sideways, in their boxes', async () => {
    const result = simulate(randomWall({ seed: 45, profiles: 45, sections: [1, 30] }));
    const origin = await serve(createRequestHandler(result));
    const { page, errors } = await openPage(360, 740);
    await page.goto(`${origin}/`);
    const widths = (await page.evaluate(
      '["html", "main", "#chart", ".scroll", "dl"].map((s) => document.querySelector(s).getBoundingClientRect().right)',
    )) as number[];
    for (const right of widths) expect(right).toBeLessThanOrEqual(360);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    // Each number on one line.
    const heights = (await page.evaluate(
      '[...document.querySelectorAll(".summary dd:not(.unit)")].map((d) => d.getBoundingClientRect().height)',
    )) as number[];
    expect(Math.max(...heights)).toBeLessThan(40);
    await page.screenshot({ path: join(shots, 'phone.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
