// The fenced code blocks of README.md and docs/*.md, in reading order, as the
// docs-blocks test runs them: README first, then docs/*.md by name.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One fenced block of a page. */
export interface DocBlock {
  /** `README.md` or `docs/engine.md`, relative to the repository. */
  page: string;
  /** The 1-based line of the opening fence. */
  line: number;
  /** The first word of the info string: `ts`, `js`, `sh`, … ('' for none). */
  lang: string;
  /** The rest of the info string: `fragment`, `title=name.ts`, … */
  info: string[];
  /** The block's text, without the fence's indentation. */
  code: string;
}

/** The languages the runner runs as programs; `sh` blocks only make files. */
export const PROGRAM_LANGS = ['ts', 'js', 'mjs'] as const;

/** README.md, then docs/*.md by name: the order in which a reader meets them. */
export function docPages(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** Every fenced block of one page (``` or ~~~, indented or not, as CommonMark reads them). */
export function blocksOf(page: string, text: string): DocBlock[] {
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i] as string);
    if (open === null) continue;
    const [, indent = '', fence = '', infoString = ''] = open;
    const [lang = '', ...info] = infoString.trim().split(/\s+/);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    blocks.push({ page, line: i + 1, lang, info, code: `${body.join('\n')}\n` });
    i = j;
  }
  return blocks;
}

/** The file a block is saved as, when it names one: `title=x.ts` or a first line `// x.ts`. */
export function namedFile(block: DocBlock): string | undefined {
  const title = block.info.find((word) => word.startsWith('title='));
  if (title !== undefined) return title.slice('title='.length);
  return /^\/\/ ([\w./-]+\.(?:[cm]?[jt]s))\s*\n/.exec(block.code)?.[1];
}

/** Every block of every page, in reading order. */
export function docBlocks(root: string): DocBlock[] {
  return docPages(root).flatMap((page) => blocksOf(page, readFileSync(join(root, page), 'utf8')));
}

/**
 * The commands of a shell block that make files (`printf`, `echo`, `cat <<EOF`
 * with its lines, `cp`, `mkdir`, `touch`), each as one script; the rest
 * (`npm install`, `npx icewall …`) is left to the pages' own tests.
 */
export function fileCommands(code: string): string[] {
  const lines = code.split('\n');
  const commands: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/^\$ /, '');
    if (!/^(printf|echo|cat|cp|mkdir|touch)\b/.test(line)) continue;
    const heredoc = /<<-?\s*['"]?(\w+)['"]?/.exec(line)?.[1];
    if (heredoc === undefined) {
      commands.push(line);
      continue;
    }
    const end = lines.indexOf(heredoc, i + 1);
    if (end < 0) throw new Error(`here-document without its ${heredoc} line: ${line}`);
    commands.push(
      lines
        .slice(i, end + 1)
        .join('\n')
        .replace(/^\$ /, ''),
    );
    i = end;
  }
  return commands;
}
