// The route table can hold a page: a GET route that answers text/html on a
// path a JSON route also has (the dashboard at `/`). The router gives it to
// a browser and JSON to everyone else; the document lists both media types.
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/http/openapi.js';
import { groupRoutes, matchPath, pickRoute } from '../../src/http/router.js';
import { type Route, routesFor } from '../../src/http/routes.js';

const page: Route = {
  method: 'GET',
  path: '/',
  what: 'a page for browsers',
  media: 'text/html',
  query: [],
  answer: () => ({ status: 200, text: '<!doctype html><title>wall</title>' }),
};
const groups = groupRoutes(routesFor(undefined, [page]));

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
