// The leak checks of test/types/leaks.test-d.ts, compiled against the built
// declarations. test/types resolves `icewall` to src/ (tsconfig paths), but a
// user compiles against dist/*.d.ts, where `@internal` members are stripped:
// a constructor marked @internal instead of private would vanish there and
// leave an implicit public one. Needs a build (npm test builds first).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('published declarations', () => {
  it('the type tests of test/types/leaks.test-d.ts hold against dist/*.d.ts', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      `${root}tsconfig.json`,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (config === undefined) throw new Error('tsconfig.json did not parse');
    // Without the paths, `icewall` resolves as a user's import does: through
    // package.json's exports (a self-reference) to dist/.
    const { paths: _paths, ...options } = config.options;
    const program = ts.createProgram([`${root}test/types/leaks.test-d.ts`], options);
    const files = program.getSourceFiles().map((f) => f.fileName);
    expect(files).toContain(`${root}dist/index.d.ts`);
    expect(files).toContain(`${root}dist/testing.d.ts`);
    expect(files.filter((f) => f.startsWith(`${root}src/`))).toEqual([]);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file?.getLineAndCharacterOfPosition(d.start ?? 0);
      const at = where ? `${d.file?.fileName.slice(root.length)}:${where.line + 1}` : '';
      return `${at} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });
});
