#!/usr/bin/env node
// Run by the release workflow before `npm publish --provenance`: npm rejects
// a provenance publish whose package.json has no `repository.url`, or one
// that does not name the repository that built it. Fail early, with a message
// that says what to set, instead of after the build and tests.
//
// Usage: node .github/scripts/check-repository.mjs [package.json]
// On GitHub Actions, GITHUB_REPOSITORY (owner/name) is the repository that builds.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The problem with a package's `repository` for a provenance publish from
 * `builtBy` (owner/name, or undefined outside GitHub Actions), or undefined
 * when there is none.
 */
export function repositoryProblem(pkg, builtBy) {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const fix =
    'set "repository" (and "homepage", "bugs") in package.json to this repository before ' +
    'releasing, e.g. "repository": { "type": "git", "url": "git+https://github.com/OWNER/NAME.git" } ' +
    '(CONTRIBUTING.md, "Releasing")';
  if (typeof url !== 'string' || url.trim() === '') {
    return `package.json has no repository.url, and npm publish --provenance refuses a package without one: ${fix}`;
  }
  if (builtBy !== undefined && builtBy !== '') {
    // A URL, or npm's shorthand ("github:owner/name" or "owner/name").
    const named =
      /github\.com[/:]([^/]+\/[^/#]+?)(?:\.git)?\/?(?:#.*)?$/i.exec(url)?.[1] ??
      /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(url)?.[1];
    if (named?.toLowerCase() !== builtBy.toLowerCase()) {
      return `package.json's repository.url is "${url}", but this release is built by ${builtBy}, and npm publish --provenance refuses a repository.url that does not match: ${fix}`;
    }
  }
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = process.argv[2] ?? 'package.json';
  const problem = repositoryProblem(
    JSON.parse(readFileSync(path, 'utf8')),
    process.env.GITHUB_REPOSITORY,
  );
  if (problem !== undefined) {
    console.error(`check-repository: ${problem}`);
    process.exit(1);
  }
  console.log(`check-repository: ${path} names its repository`);
}
