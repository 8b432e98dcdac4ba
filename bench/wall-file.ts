/**
 * The seeded wall files every bench uses: `sections` random heights in
 * [0, 30], 2000 to a line, written once into `dir` and reused.
 */
import { closeSync, existsSync, openSync, renameSync, writeSync } from 'node:fs';

export function wallFile(dir: string, sections: number): string {
  const path = `${dir}wall-${sections}.txt`;
  if (existsSync(path)) return path;
  const fd = openSync(`${path}.part`, 'w');
  const buf = Buffer.alloc(1 << 22);
  let at = 0;
  let seed = 12345;
  for (let i = 0; i < sections; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const h = (seed >>> 8) % 31;
    if (h >= 10) buf[at++] = 48 + Math.floor(h / 10);
    buf[at++] = 48 + (h % 10);
    buf[at++] = (i + 1) % 2000 === 0 || i === sections - 1 ? 10 : 32;
    if (at > buf.length - 8) {
      writeSync(fd, buf, 0, at);
      at = 0;
    }
  }
  writeSync(fd, buf, 0, at);
  closeSync(fd);
  renameSync(`${path}.part`, path);
  return path;
}
