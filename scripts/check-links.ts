/**
 * Checks every internal link and anchor of the built site in dist/, with linkinator crawling a local
 * static server: a link to a missing page or to an id that no element carries fails the check.
 * Usage: npm run check:links (after npm run build).
 */
import { LinkChecker, LinkState } from 'linkinator';

const checker = new LinkChecker();
const result = await checker.check({
  path: 'index.html',
  serverRoot: 'dist',
  recurse: true,
  checkFragments: true,
  // Only the site's own pages: external links and the canonical URL (the deployed address) are out of scope.
  linksToSkip: ['^(?!http://localhost)', `^${new URL(process.env.COURSE_SITE ?? 'http://localhost:4321').origin}`],
});

const broken = result.links.filter((link) => link.state === LinkState.BROKEN);
for (const link of broken) {
  process.stderr.write(`broken: ${link.url} (status ${link.status ?? 'none'}) on ${link.parent ?? 'the start page'}\n`);
}
process.stdout.write(`Checked ${result.links.length} links in dist/: ${broken.length} broken.\n`);
process.exit(broken.length === 0 ? 0 : 1);
