import { PATH_PARAMS, type PathParamName, type Route } from './routes.js';

/** The routes that share one path template (one per method and media type). */
export interface PathGroup {
  readonly template: string;
  /** Literal segments, or `null` where a parameter goes. */
  readonly segments: readonly (string | null)[];
  /** The parameter names, in order. */
  readonly params: readonly PathParamName[];
  readonly routes: readonly Route[];
  /** The `Allow` header of the path: its methods, HEAD with GET. */
  readonly allow: string;
}

/** A path matched: its group and the raw (still encoded) parameter segments. */
export interface PathMatch {
  readonly group: PathGroup;
  readonly values: readonly string[];
}

/** The segments of a path: `/profiles/1/` → `['profiles', '1']`; `/` → `[]`. */
function segmentsOf(path: string): string[] {
  const from = path.charCodeAt(0) === 47 /* / */ ? 1 : 0;
  const to =
    path.length > from && path.charCodeAt(path.length - 1) === 47 ? path.length - 1 : path.length;
  return to <= from ? [] : path.slice(from, to).split('/');
}

/** Groups the routes by path, in table order. */
export function groupRoutes(routes: readonly Route[]): PathGroup[] {
  const groups = new Map<string, Route[]>();
  for (const route of routes) {
    const key = route.path.replace(/\/$/, '') || '/';
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [route]);
    else list.push(route);
  }
  return [...groups].map(([template, list]) => {
    const segments = segmentsOf(template).map((s) => (s.startsWith('{') ? null : s));
    const params = segmentsOf(template)
      .filter((s) => s.startsWith('{'))
      .map((s) => {
        const name = s.slice(1, -1);
        if (!Object.hasOwn(PATH_PARAMS, name)) throw new Error(`unknown path parameter ${s}`);
        return name as PathParamName;
      });
    const methods = new Set(list.map((r) => r.method));
    const allow = [...methods].flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
    return { template, segments, params, routes: list, allow };
  });
}

/**
 * Matches a path (relative to the mount point, trailing slash optional)
 * against the groups, in order; `null` when no route has that path.
 */
export function matchPath(groups: readonly PathGroup[], path: string): PathMatch | null {
  const parts = segmentsOf(path);
  for (const group of groups) {
    const { segments } = group;
    if (segments.length !== parts.length) continue;
    const values: string[] = [];
    let k = 0;
    for (; k < parts.length; k++) {
      const literal = segments[k];
      const part = parts[k] as string;
      if (literal === null) {
        if (part === '') break;
        values.push(part);
      } else if (literal !== part) break;
    }
    if (k === parts.length) return { group, values };
  }
  return null;
}

/**
 * The route of a group for a method (HEAD as GET) and an `Accept` header:
 * among GET routes of one path, `text/html` when the client asks for it
 * before JSON (a browser), else JSON. `undefined`: the method is not allowed.
 */
export function pickRoute(
  group: PathGroup,
  method: string,
  accept: string | undefined,
): Route | undefined {
  const wanted = method === 'HEAD' ? 'GET' : method;
  let found: Route | undefined;
  for (const route of group.routes) {
    if (route.method !== wanted) continue;
    if (found === undefined) found = route;
    else if (route.media === 'text/html' && prefersHtml(accept)) return route;
    else if (found.media === 'text/html' && !prefersHtml(accept)) found = route;
  }
  return found;
}

/**
 * Whether an `Accept` header asks for `text/html` over JSON: by its
 * quality (`q`, 1 when not given; `q=0` means "not this"), and at equal
 * quality by which comes first. A wildcard (`*\/*`) asks for neither:
 * JSON is the default.
 */
function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || !/text\/html/i.test(accept)) return false;
  let html: { q: number; at: number } | undefined;
  let json: { q: number; at: number } | undefined;
  const entries = accept.split(',');
  for (let at = 0; at < entries.length; at++) {
    const [type = '', ...params] = (entries[at] as string).split(';');
    const media = type.trim().toLowerCase();
    let q = 1;
    for (const param of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
      if (m !== null) q = Number(m[1]);
    }
    // A quality that is not one (`q=abc`, `q=1.5`) is left out: 1.
    if (!(q >= 0 && q <= 1)) q = 1;
    const entry = { q, at };
    const best = (kept: typeof html) => (kept === undefined || q > kept.q ? entry : kept);
    if (media === 'text/html') html = best(html);
    else if (media.endsWith('/json') || media.endsWith('+json')) json = best(json);
  }
  if (html === undefined || html.q === 0) return false;
  return json === undefined || html.q > json.q || (html.q === json.q && html.at < json.at);
}
