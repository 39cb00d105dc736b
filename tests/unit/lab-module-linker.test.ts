import { describe, expect, test } from 'vitest';
import { isLabApi, linkProgram, reexportModuleSource, rewriteImports } from '../../src/lab/worker/module-linker.ts';
import { contractPath, resolveLabPath } from '../../src/lab/shared/lab-paths.ts';
import type { LabModuleSource } from '../../src/lab/shared/protocol.ts';

function file(path: string, code: string): LabModuleSource {
  return { path, code, sourceMap: '{"version":3,"sources":[],"names":[],"mappings":""}' };
}

describe('rewriteImports', () => {
  test('rewrites every import and re-export form TypeScript emits', () => {
    const code = [
      "import * as tf from '@tensorflow/tfjs';",
      'import { createCnn, loss as lossOf } from "./model.ts";',
      "import './side-effect.ts';",
      "export * from './shared.ts';",
      "export { a as b } from './shared.ts';",
      "const later = await import('./lazy.ts');",
    ].join('\n');
    const seen: string[] = [];
    const rewritten = rewriteImports(code, (specifier) => {
      seen.push(specifier);
      return `blob:${specifier}`;
    });
    expect(seen).toEqual(['@tensorflow/tfjs', './model.ts', './side-effect.ts', './shared.ts', './shared.ts', './lazy.ts']);
    expect(rewritten).toContain("import * as tf from 'blob:@tensorflow/tfjs';");
    expect(rewritten).toContain('from "blob:./model.ts"');
    expect(rewritten).toContain("import('blob:./lazy.ts')");
  });

  test('leaves strings, comments and import.meta that merely mention imports alone', () => {
    const code = [
      'export const hint = \'import x from "y"\';',
      "// import { z } from './commented.ts';",
      '/* export * from "./also-commented.ts" */',
      'const here = import.meta.url;',
      "const text = `import('./in-a-template.ts')`;",
      "export default async function main() { log('from here'); }",
    ].join('\n');
    expect(rewriteImports(code, () => 'changed')).toBe(code);
  });

  test("reads esbuild's output as well as TypeScript's", () => {
    const code =
      'import * as tf from "@tensorflow/tfjs";\nimport { createCnn } from "./model.ts";\nexport {\n  createCnn\n} from "./model.ts";\n';
    expect(rewriteImports(code, (specifier) => `blob:${specifier}`)).toBe(
      'import * as tf from "blob:@tensorflow/tfjs";\nimport { createCnn } from "blob:./model.ts";\nexport {\n  createCnn\n} from "blob:./model.ts";\n',
    );
  });

  test('refuses a dynamic import of a computed name, naming the file', () => {
    expect(() => rewriteImports("const name = './model.ts';\nawait import(name);", (specifier) => specifier, 'main.ts')).toThrow(
      /main\.ts imports a module whose name is computed while it runs \(name\)/,
    );
  });
});

describe('specifiers', () => {
  test('a sibling may be named with .ts, .js or no extension', () => {
    expect(resolveLabPath('main.ts', './model.ts')).toBe('model.ts');
    expect(resolveLabPath('main.ts', './model.js')).toBe('model.ts');
    expect(resolveLabPath('main.ts', './model')).toBe('model.ts');
    expect(resolveLabPath('main.ts', '../other/model.ts')).toBe('../other/model.ts');
    expect(resolveLabPath('main.ts', '@tensorflow/tfjs')).toBeNull();
  });

  test('contract modules resolve from the lab and from each other; the lab API and other labs are none', () => {
    expect(contractPath('main.ts', '../api/results-file.ts')).toBe('../api/results-file.ts');
    expect(contractPath('main.ts', '../api/results-file')).toBe('../api/results-file.ts');
    expect(contractPath('../api/results-file.ts', './cnn-report.ts')).toBe('../api/cnn-report.ts');
    for (const specifier of ['../api', '../api/index.ts', '../cnn/model.ts', './model.ts'])
      expect(contractPath('main.ts', specifier)).toBeNull();
  });

  test('the lab API is recognised in its usual spellings', () => {
    for (const specifier of ['../api', '../api/index', '../api/index.ts', '../api/index.js'])
      expect(isLabApi(specifier)).toBe(true);
    expect(isLabApi('../apis')).toBe(false);
  });
});

describe('linkProgram', () => {
  const urls: string[] = [];
  const createUrl = (code: string) => {
    urls.push(code);
    return `blob:${urls.length}`;
  };

  test('links siblings before the files that import them and maps URLs back to files', () => {
    urls.length = 0;
    const linked = linkProgram(
      [
        file(
          'main.ts',
          "import * as tf from '@tensorflow/tfjs';\nimport { createModel } from './model.ts';\nexport default async function main() {}",
        ),
        file('model.ts', "import * as tf from '@tensorflow/tfjs';\nexport function createModel() {}"),
      ],
      'main.ts',
      { '@tensorflow/tfjs': 'blob:tfjs' },
      'blob:api',
      createUrl,
    );
    expect(linked.entryUrl).toBe('blob:2');
    expect([...linked.fileByUrl]).toEqual([
      ['blob:1', 'model.ts'],
      ['blob:2', 'main.ts'],
    ]);
    expect(urls[1]).toContain("from 'blob:1'");
    expect(urls[0]).toContain("from 'blob:tfjs'");
    expect(urls[1]).toMatch(/\/\/# sourceMappingURL=data:application\/json/);
  });

  test('links the contract modules a lab imports, and theirs, from the lab files the build added', () => {
    urls.length = 0;
    const linked = linkProgram(
      [
        file('main.ts', "import { resultsFileText } from '../api/results-file.ts';\nexport default async function main() {}"),
        file('../api/results-file.ts', "import { round } from './cnn-report.ts';\nexport const resultsFileText = () => '';"),
        file('../api/cnn-report.ts', 'export const round = (x) => x;'),
      ],
      'main.ts',
      {},
      'blob:api',
      createUrl,
    );
    expect([...linked.fileByUrl.values()]).toEqual(['../api/cnn-report.ts', '../api/results-file.ts', 'main.ts']);
    expect(urls[2]).toContain("from 'blob:2'");
  });

  test("refuses another lab's files, even ones the page happens to carry", () => {
    expect(() =>
      linkProgram(
        [file('main.ts', "import { m } from '../cnn/model.ts';"), file('../cnn/model.ts', 'export const m = 1;')],
        'main.ts',
        {},
        'blob:api',
        createUrl,
      ),
    ).toThrow(/imports "\.\.\/cnn\/model\.ts", which a lab cannot load/);
  });

  test('says which import a lab cannot load, and how to fix it', () => {
    expect(() => linkProgram([file('main.ts', "import _ from 'lodash';")], 'main.ts', {}, 'blob:api', createUrl)).toThrow(
      /main\.ts imports "lodash", which a lab cannot load.*'@tensorflow\/tfjs'/,
    );
  });

  test('reports files that import each other in a circle', () => {
    expect(() =>
      linkProgram(
        [file('main.ts', "import { a } from './a.ts';"), file('a.ts', "import { m } from './main.ts';")],
        'main.ts',
        {},
        'blob:api',
        createUrl,
      ),
    ).toThrow('main.ts → a.ts → main.ts');
  });
});

test('the re-export module exposes every valid name of the namespace', () => {
  const source = reexportModuleSource('key', ['tensor', 'matMul', 'default', 'not valid', 'delete']);
  expect(source).toContain('export const { tensor, matMul } = __courseLabNamespace;');
  expect(source).toContain('export default __courseLabNamespace;');
  expect(source).toContain('Symbol.for("key")');
});
