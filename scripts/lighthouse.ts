/**
 * Lighthouse (mobile preset, the default) over the built site, in Debian's Chromium.
 * Usage: npm run build && npm run measure:lighthouse [-- /path/ /other/path/]
 * Prints one line per page with the four category scores; exits 1 if any is below 0.95.
 *
 * Lighthouse and chrome-launcher (about 180 packages) are not in package.json, so that `npm install` and CI do
 * not fetch them for a script few people run: the first run installs the pinned versions below into
 * `.cache/lighthouse/` (ignored by git) and says so; later runs reuse that folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumPath } from './lib/chromium-path.ts';

const onDemand = { lighthouse: '12.8.2', 'chrome-launcher': '1.2.1' } as const;
const cacheDir = path.resolve('.cache/lighthouse');

/** The parts of Lighthouse's and chrome-launcher's APIs this script uses. */
interface LighthouseResult {
  lhr: {
    categories: Record<string, { score: number | null }>;
    audits: Record<string, { numericValue?: number } | undefined>;
  };
}
type Lighthouse = (url: string, flags: Record<string, unknown>) => Promise<LighthouseResult | undefined>;
interface ChromeLauncher {
  launch(options: { chromePath: string; chromeFlags: string[] }): Promise<{ port: number; kill(): void }>;
}

/** Imports `name` from the cache folder, installing the pinned versions there first when they are missing. */
async function importOnDemand<T>(name: keyof typeof onDemand): Promise<T> {
  const packageFile = (pkg: string) => path.join(cacheDir, 'node_modules', pkg, 'package.json');
  const installed = (Object.keys(onDemand) as (keyof typeof onDemand)[]).every(
    (pkg) =>
      existsSync(packageFile(pkg)) &&
      (JSON.parse(readFileSync(packageFile(pkg), 'utf8')) as { version: string }).version === onDemand[pkg],
  );
  if (!installed) {
    const specs = Object.entries(onDemand).map(([pkg, version]) => `${pkg}@${version}`);
    process.stderr.write(
      `Installing ${specs.join(' and ')} into ${path.relative(process.cwd(), cacheDir)}/ (once; not part of npm install)…\n`,
    );
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(path.join(cacheDir, 'package.json'), '{ "private": true }\n');
    execFileSync(
      'npm',
      ['install', '--save-exact', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', cacheDir, ...specs],
      {
        stdio: 'inherit',
      },
    );
  }
  const { main } = JSON.parse(readFileSync(packageFile(name), 'utf8')) as { main: string };
  return (await import(pathToFileURL(path.join(path.dirname(packageFile(name)), main)).href)) as T;
}

const { default: lighthouse } = await importOnDemand<{ default: Lighthouse }>('lighthouse');
const chromeLauncher = await importOnDemand<ChromeLauncher>('chrome-launcher');

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
