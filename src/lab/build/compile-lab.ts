/**
 * Build-time: compiles a lab's TypeScript files to the JavaScript the lab worker runs, with esbuild, so
 * the page can start the original program the moment Run is pressed, without waiting for the editor's
 * TypeScript service (which only edited code needs). Types are erased, as they are in the browser; the
 * source maps let the page point a runtime error at its TypeScript line.
 */
import { transform } from 'esbuild';
import type { LabFile } from '../page/lab-files.ts';

export async function compileLabFiles(files: readonly { path: string; source: string }[]): Promise<LabFile[]> {
  return Promise.all(
    files.map(async ({ path, source }) => {
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
    }),
  );
}
