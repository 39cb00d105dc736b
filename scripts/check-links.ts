/**
 * Checks every internal link and anchor of the built site in dist/, with linkinator crawling it over a local
 * static server: a link to a missing page or to an id that no element carries fails the check.
 * Usage: npm run check:links (after npm run build).
 *
 * The server is ours, and the crawl starts from every page of dist/ by URL. Handed a folder or a file
 * instead, linkinator resolved the site's root-relative links against the file path and crawled only the
 * start page, so a broken anchor on any other page passed unnoticed. Pages no link reaches (404, the
 * instructors' pages) are checked as well, because every page is a starting point.
 */
import { createReadStream, globSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { LinkChecker, LinkState } from 'linkinator';

const root = path.resolve('dist');
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** The file a URL path names, as a static host serves it (`/a/` → `/a/index.html`), or null when there is none. */
function fileFor(urlPath: string): string | null {
  const file = path.join(root, decodeURIComponent(urlPath));
  if (!file.startsWith(root)) return null;
  for (const candidate of [file, path.join(file, 'index.html')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not there: try the next form.
    }
  }
  return null;
}

const server = createServer((request, response) => {
  const file = fileFor(new URL(request.url ?? '/', 'http://localhost').pathname);
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
});
await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
const origin = `http://localhost:${(server.address() as AddressInfo).port}`;

const pages = globSync('**/*.html', { cwd: root })
  .filter((page) => !page.startsWith('pagefind/'))
  .map((page) => `${origin}/${page.replace(/(^|\/)index\.html$/, '$1')}`);

const checker = new LinkChecker();
const result = await checker.check({
  path: pages,
  recurse: true,
  checkFragments: true,
  // Only the site's own pages: external links and the canonical URL (the deployed address) are out of scope.
  linksToSkip: [`^(?!${origin})`],
});
server.close();

const broken = result.links.filter((link) => link.state === LinkState.BROKEN);
for (const link of broken) {
  process.stderr.write(`broken: ${link.url} (status ${link.status ?? 'none'}) on ${link.parent ?? 'a start page'}\n`);
}
const checkedPages = new Set(result.links.map((link) => link.parent).filter(Boolean)).size;
process.stdout.write(`Checked ${result.links.length} links on ${checkedPages} pages of dist/: ${broken.length} broken.\n`);
process.exit(broken.length === 0 ? 0 : 1);
