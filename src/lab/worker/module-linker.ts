/**
 * Turns a lab's transpiled files into ES modules the worker can `import()`.
 *
 * Workers have no import maps, so each file becomes a blob: URL, and the import specifiers inside it
 * are rewritten to point at other blob: URLs: '@tensorflow/tfjs' at a module that re-exports the
 * worker's own TensorFlow.js (so the program and the lab API share one engine and one backend), the
 * lab API at an empty module (learners import only its types), './model.ts' at the sibling file and
 * '../api/results-file.ts' at the contract module the build added to the lab's files.
 */
// The asm.js build: synchronous (no WebAssembly to initialise first) and nearly as fast.
import { parse } from 'es-module-lexer/js';
import type { LabModuleSource } from '../shared/protocol.ts';
import { isContractPath, labApiPath, resolveLabPath } from '../shared/lab-paths.ts';

/** Module specifiers that resolve to something the worker provides rather than to a lab file. */
export interface ProvidedModules {
  /** Specifier → URL, e.g. '@tensorflow/tfjs' → blob:… */
  [specifier: string]: string;
}

export interface LinkedProgram {
  /** The URL to `import()` to run the entry file. */
  entryUrl: string;
  /** Which lab file each created URL holds, to name them in stack traces. */
  fileByUrl: Map<string, string>;
}

export type CreateModuleUrl = (code: string) => string;

const blobModuleUrl: CreateModuleUrl = (code) => URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));

/**
 * Calls `resolve` for every import specifier in `code` (static imports, re-exports, dynamic `import('…')`)
 * and replaces each by what it returns. es-module-lexer finds them as a parser would, so strings and
 * comments that merely look like imports are left alone. A dynamic import of a computed name cannot be
 * linked and is refused, naming `file`.
 */
export function rewriteImports(code: string, resolve: (specifier: string) => string, file = 'the program'): string {
  const [imports] = parse(code);
  let rewritten = '';
  let last = 0;
  for (const found of imports) {
    // `d` is -1 for a static import, -2 for import.meta, else where a dynamic import( starts.
    if (found.d === -2) continue;
    const dynamic = found.d > -1;
    if (found.n === undefined) {
      throw new Error(
        `${file} imports a module whose name is computed while it runs (${code.slice(found.s, found.e)}); ` +
          "a lab can import only modules named in quotes, such as import('./model.ts').",
      );
    }
    const target = resolve(found.n);
    // A static specifier's range excludes its quotes; a dynamic one's is the whole string literal,
    // whose quotes stay as written (the URLs resolve returns hold no quotes or backslashes).
    const quote = code.charAt(found.s);
    rewritten += code.slice(last, found.s) + (dynamic ? `${quote}${target}${quote}` : target);
    last = found.e;
  }
  return rewritten + code.slice(last);
}

/** Whether a specifier names the lab API ('../api', '../api/index.ts', …), whose types vanish on transpiling. */
export function isLabApi(specifier: string): boolean {
  return /^\.\.\/api(?:\/index(?:\.[mc]?[jt]s)?)?$/.test(specifier);
}

function unknownImportError(file: string, specifier: string): Error {
  return new Error(
    `${file} imports "${specifier}", which a lab cannot load. A lab program may import '@tensorflow/tfjs', ` +
      `the lab API ('../api'), the modules beside it ('../api/results-file.ts') and other files of its own folder, ` +
      `such as './model.ts'.`,
  );
}

/**
 * Links `files` starting from `entry`. Each file is rewritten once; a file that imports itself
 * back through others is reported, since blob modules cannot refer to each other in a cycle.
 */
export function linkProgram(
  files: readonly LabModuleSource[],
  entry: string,
  provided: ProvidedModules,
  apiModuleUrl: string,
  createUrl: CreateModuleUrl = blobModuleUrl,
): LinkedProgram {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const names = new Set(byPath.keys());
  const urlByPath = new Map<string, string>();
  const fileByUrl = new Map<string, string>();
  const linking: string[] = [];

  const link = (path: string): string => {
    const existing = urlByPath.get(path);
    if (existing) return existing;
    if (linking.includes(path)) {
      throw new Error(
        `Lab files import each other in a circle (${[...linking, path].join(' → ')}); move the shared code into one file.`,
      );
    }
    const file = byPath.get(path);
    if (!file) throw new Error(`The lab has no file named ${path}.`);
    linking.push(path);
    const code = rewriteImports(
      file.code,
      (specifier) => {
        const providedUrl = provided[specifier];
        if (providedUrl) return providedUrl;
        if (isLabApi(specifier)) return apiModuleUrl;
        const target = resolveLabPath(path, specifier);
        if (target === labApiPath) return apiModuleUrl;
        // Only the lab's own folder and the contract: never another lab, whatever files the page carries.
        const allowed = target !== null && (!target.startsWith('../') || isContractPath(target));
        if (allowed && names.has(target)) return link(target);
        throw unknownImportError(path, specifier);
      },
      path,
    );
    linking.pop();
    const withMap = `${code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '')}\n//# sourceMappingURL=data:application/json;charset=utf-8,${encodeURIComponent(file.sourceMap)}\n`;
    const url = createUrl(withMap);
    urlByPath.set(path, url);
    fileByUrl.set(url, path);
    return url;
  };

  return { entryUrl: link(entry), fileByUrl };
}

const identifier = /^[A-Za-z_$][\w$]*$/;
const reservedWords = new Set([
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'let',
  'new',
  'null',
  'return',
  'static',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
]);

/**
 * Source of a module that re-exports every named export of `namespace`, read from `globalThis[key]`.
 * The worker stores its own module namespace there, so the learner's import gets the very same objects.
 */
export function reexportModuleSource(globalKey: string, exportNames: readonly string[]): string {
  const names = exportNames.filter((name) => identifier.test(name) && !reservedWords.has(name));
  return [
    `const __courseLabNamespace = globalThis[Symbol.for(${JSON.stringify(globalKey)})];`,
    `export default __courseLabNamespace;`,
    names.length > 0 ? `export const { ${names.join(', ')} } = __courseLabNamespace;` : '',
  ].join('\n');
}
