/**
 * Build-time: gives the lab editor TensorFlow.js's type declarations, so Monaco can complete, explain
 * and check tfjs calls exactly as the learner's own editor would.
 *
 * `import declarations from 'virtual:lab-tfjs-declarations'` yields the .d.ts files reachable from
 * '@tensorflow/tfjs' (about 600 of the ~1,800 the packages ship, 1.5 MB, under 250 KB compressed),
 * keyed by the path Monaco's TypeScript worker resolves them at. Only the lab client imports it,
 * dynamically, so the text never ships with a page until a lab is opened.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, resolve, sep } from 'node:path';
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

/** Drops block comments and `//` comments, so specifiers mentioned in prose are not followed. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/(?!\/).*$/gm, '');
}

function packageRoot(name: string, require: NodeRequire): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The declaration file a specifier leads to from `fromFile`, the way TypeScript's node resolution finds it. */
function resolveDeclaration(specifier: string, fromFile: string, require: NodeRequire): string | null {
  let base: string;
  if (specifier.startsWith('.')) {
    base = resolve(dirname(fromFile), specifier);
  } else {
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const rest = parts.slice(nameLength).join('/');
    let root: string;
    try {
      root = packageRoot(name, require);
    } catch {
      return null;
    }
    if (rest) {
      base = join(root, rest);
    } else {
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { types?: string; typings?: string };
      base = join(root, (manifest.types ?? manifest.typings ?? 'index.d.ts').replace(/\.d\.ts$/, ''));
    }
  }
  const candidates = [`${base}.d.ts`, join(base, 'index.d.ts'), base.replace(/\.js$/, '.d.ts')];
  return candidates.find((candidate) => candidate.endsWith('.d.ts') && existsSync(candidate)) ?? null;
}

/** Every declaration file reachable from '@tensorflow/tfjs', plus an index.d.ts stub per package. */
/** 'node_modules/<package>/<file>' for a declaration file, wherever (and however linked) node_modules is. */
function editorPath(file: string): string {
  const normalised = file.split(sep).join('/');
  const marker = '/node_modules/';
  return `node_modules/${normalised.slice(normalised.lastIndexOf(marker) + marker.length)}`;
}

export function collectDeclarations(projectRoot: string): DeclarationFile[] {
  const require = createRequire(join(realpathSync(projectRoot), 'package.json'));
  const files = new Map<string, string>();
  const packageEntries = new Map<string, string>();
  const pending: string[] = [];

  const visit = (file: string) => {
    if (files.has(file)) return;
    const source = readFileSync(file, 'utf8');
    files.set(file, source.replace(/^\/\/# sourceMappingURL=.*$/gm, ''));
    pending.push(file);
  };

  const entry = resolveDeclaration(entryPackage, join(projectRoot, 'index.ts'), require);
  if (!entry)
    throw new Error(`The lab editor needs ${entryPackage}'s type declarations, but they were not found. Run npm install.`);
  visit(entry);
  while (pending.length > 0) {
    const file = pending.pop() as string;
    const code = withoutComments(readFileSync(file, 'utf8'));
    const specifiers = [
      ...code.matchAll(/(?:\bfrom|\bimport)\s*['"]([^'"]+)['"]/g),
      ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
      ...code.matchAll(/\/\/\/\s*<reference\s+types="([^"]+)"/g),
    ].map((match) => match[1] ?? '');
    for (const specifier of specifiers) {
      const target = resolveDeclaration(specifier, file, require);
      if (!target) continue;
      visit(target);
      if (!specifier.startsWith('.')) {
        const name = specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/');
        if (!packageEntries.has(name) && specifier === name) packageEntries.set(name, target);
      }
    }
  }
  packageEntries.set(entryPackage, entry);

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
