/**
 * npm run bench:lab -- [--dist DIR] [--runs N] [--lesson PATH] [--lab ID] [--json]
 *
 * How long a learner waits for a lab to answer: headless Chromium against the built site (run
 * `npm run build` first), Run pressed the moment the lesson has loaded, timed from the click until the
 * program's first output is on the page. Three cases, each the median of --runs (default 5) samples:
 *
 * - cold: a fresh browser profile, nothing cached;
 * - cached: the same lesson again in a profile that has run the lab once (HTTP cache and compiled code
 *   warm), Run pressed at load;
 * - rerun: Run pressed again on that page once the first run is done.
 *
 * It also reports when the page said which backend runs (the "Running on …" notice), the part of the wait
 * that is not the program's own. The site is served by a small static server with the headers a real host
 * sends: cross-origin isolation on every file, hashed assets (/_astro/) cacheable for a year, pages
 * revalidated. The lab runs on the backend a new visitor gets (the picker's default). Each run is waited
 * for until it is done (two minutes at most), so measure labs that finish quickly, like the default one.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { crossOriginIsolationHeaders } from '../src/integrations/headers.ts';
import { median } from '../labs/api/median.ts';
import { chromiumArgs, chromiumPath } from './lib/chromium-path.ts';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    runs: { type: 'string', default: '5' },
    lesson: { type: 'string', default: '/module-5/day-10-moving-to-devices/' },
    lab: { type: 'string', default: 'hello-tensors' },
    json: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench:lab: ${message}\n`);
  process.exit(2);
}

const dist = path.resolve(values.dist);
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a whole number ≥ 1, got ${values.runs}.`);
const lessonPath = values.lesson;
const labSelector = `course-lab[data-lab-id="${values.lab}"]`;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.bin': 'application/octet-stream',
};

async function fileFor(urlPath: string): Promise<string | null> {
  const decoded = decodeURIComponent(urlPath);
  const candidate = path.join(dist, decoded.endsWith('/') ? `${decoded}index.html` : decoded);
  if (!candidate.startsWith(dist)) return null;
  try {
    const info = await stat(candidate);
    if (info.isDirectory()) return fileFor(`${decoded}/`);
    return candidate;
  } catch {
    return null;
  }
}

/** The built site with the headers of a well-set-up static host. */
async function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const file = await fileFor(url.pathname);
      for (const [name, value] of Object.entries(crossOriginIsolationHeaders)) response.setHeader(name, value);
      if (!file) {
        response.writeHead(404).end('not found');
        return;
      }
      const info = await stat(file);
      const etag = `"${info.size}-${Math.round(info.mtimeMs)}"`;
      const immutable = url.pathname.startsWith('/_astro/');
      response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      response.setHeader('ETag', etag);
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304).end();
        return;
      }
      response.setHeader('Content-Type', contentTypes[path.extname(file)] ?? 'application/octet-stream');
      response.writeHead(200).end(await readFile(file));
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') fail('the server has no port');
  return { server, origin: `http://localhost:${address.port}` };
}

/**
 * Installed before the page's own scripts: stamps the Run click (capture phase, before the lab sees it)
 * and the first output the program itself produced, i.e. the first output item that is not a notice of
 * the page's ("Running on …", type errors).
 */
function installProbe(): void {
  interface Probe {
    clickAt?: number;
    backendAt?: number;
    outputAt?: number;
  }
  const probe: Probe = {};
  (globalThis as unknown as { labBench: Probe }).labBench = probe;
  document.addEventListener(
    'click',
    (event) => {
      if (event.target instanceof Element && event.target.closest('[data-lab-action="run"]')) {
        probe.clickAt = performance.now();
        probe.backendAt = undefined;
        probe.outputAt = undefined;
      }
    },
    true,
  );
  new MutationObserver((records) => {
    if (probe.clickAt === undefined) return;
    for (const record of records) {
      if (!(record.target instanceof Element) || !record.target.matches('[data-lab-log]')) continue;
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        const isNotice = node.classList.contains('lab-notice');
        if (isNotice && probe.backendAt === undefined && /Running on/.test(node.textContent ?? ''))
          probe.backendAt = performance.now();
        if (!isNotice && probe.outputAt === undefined) probe.outputAt = performance.now();
      }
    }
  }).observe(document, { childList: true, subtree: true });
}

interface Sample {
  firstOutputMs: number;
  backendMs: number | null;
}

async function pressRunAndTime(page: Page): Promise<Sample> {
  const lab = page.locator(labSelector);
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(
    () => (globalThis as unknown as { labBench: { outputAt?: number } }).labBench.outputAt !== undefined,
    undefined,
    { timeout: 60_000 },
  );
  const probe = await page.evaluate(
    () => (globalThis as unknown as { labBench: { clickAt: number; backendAt?: number; outputAt: number } }).labBench,
  );
  await lab.and(page.locator('[data-state="done"]')).waitFor({ timeout: 120_000 });
  return {
    firstOutputMs: probe.outputAt - probe.clickAt,
    backendMs: probe.backendAt === undefined ? null : probe.backendAt - probe.clickAt,
  };
}

async function openLesson(context: BrowserContext, origin: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`bench:lab: the page logged an error: ${message.text()}\n`);
  });
  page.on('requestfailed', (request) =>
    process.stderr.write(`bench:lab: ${request.url()} failed: ${request.failure()?.errorText}\n`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) process.stderr.write(`bench:lab: ${response.url()}: HTTP ${response.status()}\n`);
  });
  page.on('pageerror', (error) => process.stderr.write(`bench:lab: uncaught in the page: ${error.message}\n`));
  await page.goto(`${origin}${lessonPath}`, { waitUntil: 'load' });
  return page;
}

interface Results {
  cold: Sample[];
  cached: Sample[];
  rerun: Sample[];
}

/**
 * A browser with a new profile on disk: an in-memory profile (a plain new context) refuses to cache
 * files as large as the TypeScript worker (ERR_CACHE_WRITE_FAILURE), which a learner's browser does not.
 */
async function freshBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(path.join(tmpdir(), 'bench-lab-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: [...chromiumArgs],
  });
  await context.addInitScript(installProbe);
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

async function measure(origin: string): Promise<Results> {
  const results: Results = { cold: [], cached: [], rerun: [] };
  for (let run = 0; run < runs; run++) {
    const browser = await freshBrowser();
    try {
      // Cold: nothing cached yet.
      const cold = await openLesson(browser.context, origin);
      results.cold.push(await pressRunAndTime(cold));
      await cold.close();
      // Cached: the lesson opened again in the same profile; then a second run on that page.
      const cached = await openLesson(browser.context, origin);
      results.cached.push(await pressRunAndTime(cached));
      results.rerun.push(await pressRunAndTime(cached));
    } finally {
      await browser.close();
    }
    process.stderr.write(`bench:lab: sample ${run + 1} of ${runs} done\n`);
  }
  return results;
}

function summary(samples: readonly Sample[]) {
  const first = samples.map((sample) => sample.firstOutputMs);
  const backend = samples.map((sample) => sample.backendMs).filter((value): value is number => value !== null);
  return {
    first_output_ms: Math.round(median(first)),
    first_output_range_ms: [Math.round(Math.min(...first)), Math.round(Math.max(...first))],
    backend_ready_ms: backend.length > 0 ? Math.round(median(backend)) : null,
    samples_ms: first.map(Math.round),
  };
}

try {
  await stat(path.join(dist, lessonPath, 'index.html'));
} catch {
  fail(`${path.join(values.dist, lessonPath)} is not built: run npm run build first (or pass --dist).`);
}

const { server, origin } = await serve();
try {
  const results = await measure(origin);
  const rows = (['cold', 'cached', 'rerun'] as const).map((name) => ({ case: name, ...summary(results[name]) }));
  if (values.json) {
    for (const row of rows) process.stdout.write(`${JSON.stringify({ lesson: lessonPath, lab: values.lab, runs, ...row })}\n`);
  } else {
    process.stdout.write(`${values.lab} on ${lessonPath}: Run pressed at load, ms from the click (median of ${runs}; range)\n`);
    for (const row of rows) {
      const [low, high] = row.first_output_range_ms;
      const backend = row.backend_ready_ms === null ? '' : `; backend named at ${row.backend_ready_ms} ms`;
      process.stdout.write(`  ${row.case.padEnd(6)} first output ${row.first_output_ms} ms (${low}–${high})${backend}\n`);
    }
  }
} finally {
  server.close();
}
