/**
 * Lighthouse (mobile preset, the default) over the built site, in Debian's Chromium.
 * Usage: npm run build && npm run measure:lighthouse [-- /path/ /other/path/]
 * Prints one line per page with the four category scores; exits 1 if any is below 0.95.
 */
import { spawn } from 'node:child_process';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromiumPath } from './lib/chromium-path.ts';

const port = 4398;
const paths =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : ['/', '/module-5/where-gpus-are-used/', '/week-6/true-false-review/'];
const chromePath = chromiumPath();

const server = spawn('node_modules/.bin/astro', ['preview', '--port', String(port), '--host', 'localhost', '--ignore-lock'], {
  stdio: 'ignore',
});
await waitForServer(`http://localhost:${port}/`);

const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

let failed = false;
try {
  for (const path of paths) {
    const result = await lighthouse(`http://localhost:${port}${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
    const scores = Object.fromEntries(Object.entries(result.lhr.categories).map(([id, category]) => [id, category.score ?? 0]));
    const audits = result.lhr.audits;
    const metrics = {
      fcp_ms: Math.round(audits['first-contentful-paint']?.numericValue ?? 0),
      lcp_ms: Math.round(audits['largest-contentful-paint']?.numericValue ?? 0),
      tbt_ms: Math.round(audits['total-blocking-time']?.numericValue ?? 0),
      cls: Number((audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)),
    };
    process.stdout.write(`${JSON.stringify({ path, ...scores, ...metrics })}\n`);
    if (Object.values(scores).some((score) => score < 0.95)) failed = true;
  }
} finally {
  chrome.kill();
  server.kill();
}
process.exit(failed ? 1 : 0);

async function waitForServer(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The preview server did not answer at ${url}`);
}
