import type { ProfileSummary, SimulationResult } from '../core/result/result.js';

/** A page of `GET /profiles/`. */
export interface ProfilePage {
  profiles: ProfileSummary[];
  total: number;
  next: string | null;
}

/**
 * Profiles `first` to `first + limit - 1` (those that exist), with the
 * total and the link to the next page (`path?offset=…&limit=…`, then
 * `configuration`, the page's `teams=…&strategy=…` if any, so that the
 * next page is of the same configuration; null on the last page). At most
 * 1000 summaries of about 80 bytes: well under 1 MB.
 */
export function profilePage(
  result: SimulationResult,
  first: number,
  limit: number,
  path: string,
  configuration = '',
): ProfilePage {
  const total = result.profileCount;
  const last = Math.min(total, first + limit - 1);
  const profiles: ProfileSummary[] = [];
  for (let p = first; p <= last; p++) profiles.push(result.profileSummary(p));
  const more = configuration === '' ? '' : `&${configuration}`;
  const next = last < total ? `${path}?offset=${last}&limit=${limit}${more}` : null;
  return { profiles, total, next };
}
