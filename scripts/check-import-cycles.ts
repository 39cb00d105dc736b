/**
 * Fails when modules of src/, labs/ or scripts/ import each other in a cycle, type-only imports included:
 * a cycle means two modules are one idea split in two, or that a layer reaches back up (docs/architecture.md,
 * "Boundaries"). Run by `npm run lint`. TypeScript's own pre-processor lists each file's imports, so no
 * bundler or plugin is involved; .astro files count with their frontmatter and their <script> blocks.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

const roots = ['src', 'labs', 'scripts'];
const extensions = /\.(?:ts|mts|astro)$/;

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return extensions.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The code of a file whose imports count: an .astro file's frontmatter and scripts. */
function codeOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.astro')) return text;
  const frontmatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  const scripts = [...text.matchAll(/<script(?:\s[^>]*)?>([\s\S]*?)<\/script>/g)].map((match) => match[1]);
  return [frontmatter, ...scripts].join('\n');
}

/** The repository file a relative specifier names, or null (packages, virtual modules, assets). */
function resolve(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = normalize(join(dirname(from), specifier.replace(/\?.*$/, '')));
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (extensions.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const files = roots.flatMap(filesUnder);
const imports = new Map(
  files.map((file) => {
    const { importedFiles } = ts.preProcessFile(codeOf(file), true, true);
    const targets = importedFiles.map(({ fileName }) => resolve(file, fileName)).filter((target) => target !== null);
    return [file, [...new Set(targets)]];
  }),
);

// Depth-first search; a module met again while still on the path closes a cycle.
const cycles: string[][] = [];
const state = new Map<string, 'open' | 'done'>();
const path: string[] = [];
function visit(file: string): void {
  state.set(file, 'open');
  path.push(file);
  for (const target of imports.get(file) ?? []) {
    if (state.get(target) === 'open') cycles.push([...path.slice(path.indexOf(target)), target]);
    else if (!state.has(target)) visit(target);
  }
  path.pop();
  state.set(file, 'done');
}
for (const file of files) if (!state.has(file)) visit(file);

if (cycles.length > 0) {
  console.error(`Import cycles (${cycles.length}); move what both sides need into a module of its own:`);
  for (const cycle of cycles) console.error(`  ${cycle.map((file) => relative('.', file)).join(' → ')}`);
  process.exit(1);
}
console.log(`No import cycles among ${files.length} modules of ${roots.join(', ')}.`);
