/**
 * Build-time: bundles an exercise's hidden check (labs/<id>/check.ts) into one ES module for the lab
 * worker. A check may import the exercise kit and other labs' helpers, which the worker's linker (built
 * for a lab's own flat folder) cannot resolve, so esbuild inlines them here; TensorFlow.js stays an import,
 * which the linker points at the worker's own engine, so the check counts the same tensors as the program.
 */
import path from 'node:path';
import { build, type BuildOptions, type BuildResult } from 'esbuild';

export interface BundledCheck {
  /** The check as one ES module whose only import is '@tensorflow/tfjs'. */
  code: string;
  /** Every file esbuild read, relative to the project root (for tests that keep the learner's files out). */
  inputs: string[];
}

export class CheckBundleError extends Error {
  override name = 'CheckBundleError';
}

/** Bundles `labs/<exerciseId>/check.ts` from `projectRoot`; throws naming the file when it does not build. */
export async function bundleCheck(exerciseId: string, projectRoot = process.cwd()): Promise<BundledCheck> {
  const entry = path.join(projectRoot, 'labs', exerciseId, 'check.ts');
  const options = {
    entryPoints: [entry],
    absWorkingDir: projectRoot,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: ['@tensorflow/tfjs'],
    metafile: true,
    logLevel: 'silent',
  } satisfies BuildOptions;
  let result: BuildResult<typeof options>;
  try {
    result = await build(options);
  } catch (error) {
    throw new CheckBundleError(
      `labs/${exerciseId}/check.ts does not build for the lab worker: ${error instanceof Error ? error.message : String(error)}. ` +
        'A check imports only @tensorflow/tfjs, the exercise kit (../exercise-kit/…) and other labs’ helpers.',
      { cause: error },
    );
  }
  const [output] = result.outputFiles;
  if (!output) throw new CheckBundleError(`labs/${exerciseId}/check.ts produced no output.`);
  return { code: output.text, inputs: Object.keys(result.metafile.inputs) };
}
