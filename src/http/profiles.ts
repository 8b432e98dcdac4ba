import type { SimulationResult } from '../core/result.js';

/** One profile's summary, as `GET /profiles/{p}/` and the pages of `GET /profiles/` give it. */
export interface ProfileSummary {
  profile: number;
  sections: number;
  days: number;
  ice: number;
  cost: number;
}

/** A page of `GET /profiles/`. */
export interface ProfilePage {
  profiles: ProfileSummary[];
  total: number;
  next: string | null;
}

/**
 * Sections of profile `p`. Uses the result's own `sectionsOf` where it has
 * one: with one crew per section a streamed run keeps no wall.
 */
export function sectionsOf(result: SimulationResult, p: number): number {
  const r = result as unknown as {
    sectionsOf?: (profile: number) => number;
    wall?: { sectionsOf(profile: number): number };
  };
  if (typeof r.sectionsOf === 'function') return r.sectionsOf(p);
  return r.wall?.sectionsOf(p) ?? 0;
}

/**
 * Profiles `first` to `first + limit - 1` (those that exist), with the
 * total and the link to the next page (`path?offset=…&limit=…`, or null on
 * the last page). At most 1000 summaries of about 80 bytes: well under 1 MB.
 */
export function profilePage(
  result: SimulationResult,
  first: number,
  limit: number,
  path: string,
): ProfilePage {
  const total = result.profileCount;
  const last = Math.min(total, first + limit - 1);
  const profiles: ProfileSummary[] = [];
  for (let p = first; p <= last; p++) {
    profiles.push({
      profile: p,
      sections: sectionsOf(result, p),
      days: result.profileDays(p),
      ice: result.profileIce(p),
      cost: result.profileCost(p),
    });
  }
  const next = last < total ? `${path}?offset=${last}&limit=${limit}` : null;
  return { profiles, total, next };
}
