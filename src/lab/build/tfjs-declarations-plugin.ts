/**
 * Build-time: gives the lab editor TensorFlow.js's type declarations, so Monaco can complete, explain
 * and check tfjs calls exactly as the learner's own editor would.
 *
 * `import declarations from 'virtual:lab-tfjs-declarations'` yields the .d.ts files reachable from
 * '@tensorflow/tfjs' (about 600 of the ~1,800 the packages ship, 1.5 MB, under 250 KB compressed),
 * keyed by the path Monaco's TypeScript worker resolves them at. Only the lab client imports it,
 * dynamically, so the text never ships with a page until a lab is opened.
 */
import { realpathSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import ts from 'typescript';
import type { Plugin } from 'vite';

const moduleId = 'virtual:lab-tfjs-declarations';
const resolvedId = `\0${moduleId}`;
const entryPackage = '@tensorflow/tfjs';

/** A declaration file as the editor sees it. */
export interface DeclarationFile {
  /** e.g. 'node_modules/@tensorflow/tfjs-core/dist/index.d.ts' */
  path: string;
  content: string;
}

/** Resolution as a bundler does it (package.json `types`/`exports`), which is how the lab's own imports resolve. */
const resolutionOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
};

/** The declaration file TypeScript resolves `specifier` to from `fromFile`, or null (JavaScript, or not found). */
function resolveDeclaration(specifier: string, fromFile: string): string | null {
  const found = ts.resolveModuleName(specifier, fromFile, resolutionOptions, ts.sys).resolvedModule?.resolvedFileName;
  return found?.endsWith('.d.ts') ? found : null;
}

/** The files a declaration file pulls in: imports (static, dynamic and `import()` types) and `/// <reference>`s. */
function dependenciesOf(file: string, source: string): { specifier: string; target: string | null }[] {
  const info = ts.preProcessFile(source, true, true);
  return [
    ...info.importedFiles.map(({ fileName }) => ({ specifier: fileName, target: resolveDeclaration(fileName, file) })),
    ...info.referencedFiles.map(({ fileName }) => ({ specifier: fileName, target: join(file, '..', fileName) })),
    ...info.typeReferenceDirectives.map(({ fileName }) => ({
      specifier: fileName,
      target:
        ts.resolveTypeReferenceDirective(fileName, file, resolutionOptions, ts.sys).resolvedTypeReferenceDirective
          ?.resolvedFileName ?? null,
    })),
  ];
}

/** 'node_modules/<package>/<file>' for a declaration file, wherever (and however linked) node_modules is. */
function editorPath(file: string): string {
  const normalised = file.split(sep).join('/');
  const marker = '/node_modules/';
  return `node_modules/${normalised.slice(normalised.lastIndexOf(marker) + marker.length)}`;
}

/** The package a bare specifier names ('@scope/name' or 'name'), or null for a relative one. */
function packageName(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return null;
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

/** Every declaration file reachable from '@tensorflow/tfjs', plus an index.d.ts stub per package. */
export function collectDeclarations(projectRoot: string): DeclarationFile[] {
  const files = new Map<string, string>();
  const packageEntries = new Map<string, string>();
  const pending: string[] = [];

  const visit = (file: string) => {
    const real = realpathSync(file);
    if (files.has(real)) return;
    const source = ts.sys.readFile(real) ?? '';
    files.set(real, source.replace(/^\/\/# sourceMappingURL=.*$/gm, ''));
    pending.push(real);
  };

  const entry = resolveDeclaration(entryPackage, join(realpathSync(projectRoot), 'index.ts'));
  if (!entry)
    throw new Error(`The lab editor needs ${entryPackage}'s type declarations, but they were not found. Run npm install.`);
  visit(entry);
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    for (const { specifier, target } of dependenciesOf(file, files.get(file) ?? '')) {
      if (!target || !ts.sys.fileExists(target)) continue;
      visit(target);
      const name = packageName(specifier);
      if (name && specifier === name && !packageEntries.has(name)) packageEntries.set(name, realpathSync(target));
    }
  }
  packageEntries.set(entryPackage, realpathSync(entry));

  const declarations: DeclarationFile[] = [...files].map(([file, content]) => ({ path: editorPath(file), content }));
  const paths = new Set(declarations.map((declaration) => declaration.path));
  // Monaco's worker resolves a bare package through <package>/index.d.ts when it has no package.json
  // to read, so each package gets one that re-exports its real entry point.
  for (const [name, target] of packageEntries) {
    const stubPath = `node_modules/${name}/index.d.ts`;
    if (paths.has(stubPath)) continue;
    const entryPath = editorPath(target).replace(/\.d\.ts$/, '');
    declarations.push({ path: stubPath, content: `export * from './${posix.relative(posix.dirname(stubPath), entryPath)}';\n` });
  }
  return declarations;
}

export function tfjsDeclarations(): Plugin {
  let root = process.cwd();
  return {
    name: 'course-lab-tfjs-declarations',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id === moduleId ? resolvedId : null;
    },
    load(id) {
      if (id !== resolvedId) return null;
      return `export default ${JSON.stringify(collectDeclarations(root))};`;
    },
  };
}
