/**
 * Build-time: compiles a lab's TypeScript files to the JavaScript the lab worker runs, with esbuild, so
 * the page can start the original program the moment Run is pressed, without waiting for the editor's
 * TypeScript service (which only edited code needs). Types are erased, as they are in the browser; the
 * source maps let the page point a runtime error at its TypeScript line.
 *
 * A lab may also import modules of the contract at run time (`import { resultsFileText } from
 * '../api/results-file.ts'`): those the compiled code still imports once types are erased, and those they
 * import in turn, join the lab's files as `../api/<name>.ts`, where the worker's linker finds them.
 */
import { transform } from 'esbuild';
import { parse } from 'es-module-lexer/js';
import type { LabFile } from '../page/lab-files.ts';
import { contractPath } from '../shared/lab-paths.ts';

interface SourceFile {
  path: string;
  source: string;
}

async function compile({ path, source }: SourceFile): Promise<LabFile> {
  const { code, map } = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'esnext',
    sourcefile: path,
    sourcemap: 'external',
    sourcesContent: false,
    // As the editor's TypeScript emits it (target ESNext).
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
  });
  return { path, source, code, sourceMap: map };
}

/**
 * `files` compiled, followed by the contract modules they import at run time. `contract` holds the
 * contract's sources by file name (`'results-file.ts'`); a lab importing one it lacks fails the build,
 * naming the import.
 */
export async function compileLabFiles(
  files: readonly SourceFile[],
  contract: Readonly<Record<string, string>> = {},
): Promise<LabFile[]> {
  const compiled = await Promise.all(files.map(compile));
  const included = new Set(compiled.map((file) => file.path));
  for (let index = 0; index < compiled.length; index++) {
    const file = compiled[index];
    const [imports] = parse(file.code);
    for (const { n: specifier } of imports) {
      const path = specifier === undefined ? null : contractPath(file.path, specifier);
      if (path === null || included.has(path)) continue;
      const name = path.slice('../api/'.length);
      const source = contract[name];
      if (source === undefined) {
        throw new Error(`${file.path} imports "${specifier}", but labs/api/ has no ${name}. Fix the import, or add the module.`);
      }
      included.add(path);
      compiled.push(await compile({ path, source }));
    }
  }
  return compiled;
}
