import { expect, test } from 'vitest';
import { compileLabFiles } from '../../src/lab/build/compile-lab.ts';

const contract = {
  'results-file.ts':
    "import type { Lab } from './index.ts';\nimport { round } from './cnn-report.ts';\nexport const text = (x: number) => String(round(x));",
  'cnn-report.ts': 'export const round = (x: number): number => Math.round(x);',
  'index.ts': 'export interface Lab { log(text: string): void }',
};

test('a lab file importing contract modules at run time carries them, and theirs, after its own files', async () => {
  const files = await compileLabFiles(
    [
      {
        path: 'main.ts',
        source:
          "import type { Lab } from '../api';\nimport { text } from '../api/results-file';\nexport default (lab: Lab) => lab.log(text(1));",
      },
    ],
    contract,
  );
  expect(files.map((file) => file.path)).toEqual(['main.ts', '../api/results-file.ts', '../api/cnn-report.ts']);
  expect(files[1].source).toBe(contract['results-file.ts']);
});

test('types-only imports of the contract add nothing', async () => {
  const files = await compileLabFiles(
    [{ path: 'main.ts', source: "import type { ResultRow } from '../api/cnn-report.ts';\nexport const rows: ResultRow[] = [];" }],
    contract,
  );
  expect(files.map((file) => file.path)).toEqual(['main.ts']);
});

test('a contract module that does not exist fails the build, naming the import', async () => {
  await expect(
    compileLabFiles([{ path: 'main.ts', source: "import { x } from '../api/missing.ts';\nconsole.log(x);" }], contract),
  ).rejects.toThrow(/main\.ts imports "\.\.\/api\/missing\.ts", but labs\/api\/ has no missing\.ts/);
});
