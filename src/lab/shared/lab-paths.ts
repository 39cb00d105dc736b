/**
 * The paths of a lab's modules, relative to its folder, as the build, the page and the worker name them:
 * its own files ('main.ts', 'model.ts') and the contract modules it imports ('../api/results-file.ts').
 * '../api' alone is the lab API, whose types vanish when the program is compiled.
 */

/** Where the contract's modules sit, seen from a lab's folder. */
const contractFolder = '../api/';
/** The lab API: types only, so nothing to load. */
export const labApiPath = '../api/index.ts';

/**
 * The module a relative `specifier` in the file at `from` names, as a path relative to the lab's folder:
 * './model', './model.js' and './model.ts' in main.ts all mean 'model.ts'; '../api/cnn-report' means
 * '../api/cnn-report.ts', and so does './cnn-report.ts' inside '../api/results-file.ts'. Null for a
 * specifier that is not relative ('@tensorflow/tfjs').
 */
export function resolveLabPath(from: string, specifier: string): string | null {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else parts.push(part);
  }
  return `${parts.join('/').replace(/\.(?:ts|js|mjs|mts)$/, '')}.ts`;
}

/** Whether a lab module path is a contract module rather than a file of the lab's own folder. */
export function isContractPath(path: string): boolean {
  return path.startsWith(contractFolder) && path !== labApiPath;
}

/** The contract module `specifier` in the file at `from` names ('../api/results-file.ts'), or null. */
export function contractPath(from: string, specifier: string): string | null {
  const path = resolveLabPath(from, specifier);
  return path !== null && isContractPath(path) ? path : null;
}
