// The route table holds a page: a GET route that answers text/html on a
// path a JSON route also has (the dashboard at `/`). The router gives it to
// a browser and JSON to everyone else; the document lists both media types.
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/openapi.js';
import { groupRoutes, matchPath, pickRoute } from '../../src/http/router.js';
import { type Answer, type Route, routesFor } from '../../src/http/routes.js';
import { Service } from '../../src/http/service.js';
import { parseWall } from '../../src/index.js';

const groups = groupRoutes(routesFor(undefined));

describe('the route table', () => {
  it('gives a browser the page and a JSON client the index, on the same path', () => {
    const match = matchPath(groups, '/');
    expect(match).not.toBeNull();
    const group = match?.group as (typeof groups)[number];
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    expect(pickRoute(group, 'GET', browser)?.media).toBe('text/html');
    expect(pickRoute(group, 'HEAD', browser)?.media).toBe('text/html');
    for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/html']) {
      expect(pickRoute(group, 'GET', accept)?.media).toBe('application/json');
    }
    // Quality values decide, then order: q=0 means "not this".
    const json = 'application/json';
    const html = 'text/html';
    for (const [accept, media] of [
      ['text/html;q=0, application/json', json],
      ['text/html;q=0', json],
      // A quality that is not one is left out (1), whichever way it is wrong.
      ['application/json;q=0.5, text/html;q=abc', html],
      ['application/json;q=0.5, text/html;q=1.5', html],
      ['application/json, text/html;q=0.5', json],
      ['text/html;q=0.4, application/json;q=0.5', json],
      ['application/json;q=0.5, text/html', html],
      ['text/html, application/json', html],
      ['TEXT/HTML', html],
      ['application/json;q=0.9, text/html;q=1.0', html],
    ] as const) {
      expect(pickRoute(group, 'GET', accept)?.media, accept).toBe(media);
    }
    expect(pickRoute(group, 'POST', browser)).toBeUndefined();
    expect(group.allow).toBe('GET, HEAD');
  });

  it('the document gives / both media types', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the document read as JSON
    const doc = openApiDocument(groups, '') as any;
    expect(Object.keys(doc.paths['/'].get.responses['200'].content).sort()).toEqual([
      'application/json',
      'text/html',
    ]);
  });

  it('matches literal segments before parameters, trailing slash optional', () => {
    const one = matchPath(groups, '/profiles/overview');
    expect(one?.group.template).toBe('/profiles/overview');
    expect(matchPath(groups, '/profiles/7/')?.values).toEqual(['7']);
    expect(matchPath(groups, '/profiles/7/days/3')?.values).toEqual(['7', '3']);
    expect(matchPath(groups, '/profiles//days/3')).toBeNull();
    expect(matchPath(groups, '/nope')).toBeNull();
  });
});

describe('a page beside the JSON index, through the service', () => {
  it('answers text with Vary: Accept; the page and the index never share an ETag', () => {
    const service = new Service(parseWall('21 25 28'), undefined, 'test', { defaults: {} });
    const ask = (accept: string | undefined) => {
      const match = matchPath(service.groups, '/');
      if (match === null) throw new Error('no match');
      const route = pickRoute(match.group, 'GET', accept) as Route;
      return service.answer(route, match.group, match.values, {
        method: 'GET',
        target: '/',
        path: '/',
        mount: '',
        query: '',
        ifNoneMatch: undefined,
        contentLength: undefined,
        contentEncoding: undefined,
        body: undefined,
        decoded: false,
      }) as Answer;
    };
    const html = ask('text/html');
    const json = ask('application/json');
    expect(html.text).toContain('<!doctype html>');
    expect(html.headers?.vary).toBe('Accept');
    expect(json.json).toMatchObject({ name: 'icewall' });
    expect(json.headers?.vary).toBe('Accept');
    expect(html.headers?.etag).toMatch(/^"/);
    expect(html.headers?.etag).not.toBe(json.headers?.etag);
    expect(json.headers?.['cache-control']).toBe('public, no-cache');
  });
});
