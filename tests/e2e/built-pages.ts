import { readdirSync } from 'node:fs';
import path from 'node:path';

/** E2E_DIST: the folder that the server under test serves, when it is not dist/ (a build with --outDir). */
export const builtSiteDir = process.env.E2E_DIST ?? 'dist';

/** Every HTML page of the built site, as a URL path ("/", "/module-5/", "/404.html"). */
export function builtPages(dir = builtSiteDir, prefix = '/'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory())
      return entry.name === 'pagefind' || entry.name === '_astro'
        ? []
        : builtPages(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    if (entry.name === 'index.html') return [prefix];
    if (entry.name.endsWith('.html')) return [`${prefix}${entry.name}`];
    return [];
  });
}
