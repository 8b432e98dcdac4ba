// Preloaded into a command the bench times (`node --import ./bench/rss-on-exit.mjs ...`):
// writes the process's peak RSS in KiB to the file named by ICEWALL_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

const out = process.env.ICEWALL_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
