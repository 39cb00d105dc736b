/**
 * The precache manifest: every file of a build that the service worker keeps for offline use, each with
 * the hash its bytes must have, and the build id (a hash of the whole list) that names the cache. Pure,
 * run at build time by src/integrations/service-worker.ts.
 */
import { createHash } from 'node:crypto';

/** A file of the built site. */
export interface BuiltFile {
  /** Its path inside the output folder, with forward slashes: "module-5/index.html", "_astro/x.js". */
  path: string;
  /** Its size in bytes. */
  bytes: number;
  /** The SHA-256 of its bytes, base64, as in a Subresource Integrity value. */
  sha256: string;
}

/** One file the service worker keeps. */
export interface PrecacheEntry {
  /** The URL path it is requested by: "/gpu-course/module-5/" for module-5/index.html. */
  url: string;
  /** "sha256-…": the service worker downloads it with this integrity, so a wrong copy fails the install. */
  integrity: string;
  bytes: number;
}

/** What the service worker of one build is told: the integration compiles it in. */
export interface OfflineBuild {
  /** A hash of `entries`: a new build with any file changed gets a new id, and so a new cache. */
  buildId: string;
  /** The base path the site is served under, "/" or "/gpu-course/"; the service worker's scope. */
  base: string;
  entries: PrecacheEntry[];
  /** The headers every response of the site must carry (src/integrations/headers.ts). */
  headers: Record<string, string>;
}

/** Files that are instructions to a host, or the service worker itself: never answered from the cache. */
const hostFiles = new Set(['_headers', '_redirects', 'sw.js']);

/**
 * Whether the service worker keeps `path`: every page, style, script, font and the search index, and of
 * the data sets under data/ only the files in `dataFiles` (the CNN lab's default run and the transformer's text; the rest are
 * downloaded when a lab first asks for them, and then kept by the lab itself).
 */
export function isPrecached(path: string, dataFiles: ReadonlySet<string>): boolean {
  if (hostFiles.has(path)) return false;
  return path.startsWith('data/') ? dataFiles.has(path) : true;
}

/** The URL path a file is requested by: pages by their directory ("a/b/index.html" → "/base/a/b/"). */
export function precacheUrl(path: string, base: string): string {
  const page = path === 'index.html' ? '' : path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path;
  return `${base}${page.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * The manifest of a build. Every file in `dataFiles` must exist: a data file the lab's default run needs
 * but the build lacks would otherwise only show up offline.
 */
export function buildPrecacheManifest(
  files: readonly BuiltFile[],
  { base, dataFiles, headers }: { base: string; dataFiles: ReadonlySet<string>; headers: Record<string, string> },
): OfflineBuild {
  const paths = new Set(files.map((file) => file.path));
  for (const path of dataFiles) {
    if (!paths.has(path)) {
      throw new Error(
        `${path} is not in the build, but the service worker must keep it for the CNN lab's default run. ` +
          'Rebuild the CIFAR-10 chunks with `npm run data:cifar10:pack`, then build again.',
      );
    }
  }
  const entries = files
    .filter((file) => isPrecached(file.path, dataFiles))
    .map((file) => ({ url: precacheUrl(file.path, base), integrity: `sha256-${file.sha256}`, bytes: file.bytes }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const buildId = createHash('sha256').update(JSON.stringify({ base, entries, headers })).digest('hex').slice(0, 16);
  return { buildId, base, entries, headers };
}

/** The total size of what the service worker keeps, in bytes. */
export function precacheBytes(build: OfflineBuild): number {
  return build.entries.reduce((sum, entry) => sum + entry.bytes, 0);
}
