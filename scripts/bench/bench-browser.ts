/**
 * The browser side of `npm run bench`: bundles the benchmark page (bench-page.ts), serves it cross-origin
 * isolated on localhost with tfjs's WASM binaries, starts Debian's headless Chromium and calls the page's
 * functions. The CNN and the transformer benchmarks both run their lab code here, as a learner's page does.
 */
import { build } from 'esbuild';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { crossOriginIsolationHeaders } from '../../src/integrations/headers.ts';
import { chromiumArgs, chromiumPath } from '../lib/chromium-path.ts';
import { fail, firstLine } from './bench-cli.ts';
import type { BackendStarted, BenchBackend, BenchPage } from './bench-types.ts';

export interface BenchServer {
  server: Server;
  url: string;
}

/**
 * Bundles the benchmark page and serves it, the WASM binaries and (for the CNN's --data cifar10) the records.
 * `wasmThreads` asks the page for that WASM thread pool (default: one per logical core, capped by tfjs).
 */
export async function serveBenchPage(options: { recordsDir?: string; wasmThreads?: number } = {}): Promise<BenchServer> {
  const root = process.cwd();
  const outDir = await mkdtemp(path.join(tmpdir(), 'course-bench-'));
  await build({
    entryPoints: ['scripts/bench/bench-page.ts'],
    bundle: true,
    format: 'esm',
    outfile: path.join(outDir, 'bench.js'),
    logLevel: 'error',
    target: 'es2022',
  });
  const files: Record<string, string> = { '/bench.js': path.join(outDir, 'bench.js') };
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><script type="module" src="/bench.js"></script></body></html>';
  const { recordsDir } = options;
  // Errors reading a file end that one response (500), never the benchmark.
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let file = files[url.pathname];
    if (url.pathname.startsWith('/wasm/'))
      file = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', path.basename(url.pathname));
    if (recordsDir && url.pathname.startsWith('/records/')) file = path.join(recordsDir, path.basename(url.pathname));
    const headers = { ...crossOriginIsolationHeaders };
    if (url.pathname === '/') {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(html);
      return;
    }
    if (!file || !(await stat(file).catch(() => null))) {
      response.writeHead(404, headers).end();
      return;
    }
    const type = file.endsWith('.js')
      ? 'text/javascript'
      : file.endsWith('.wasm')
        ? 'application/wasm'
        : 'application/octet-stream';
    response.writeHead(200, { ...headers, 'Content-Type': type }).end(await readFile(file));
  };
  const server = createServer((request, response) => {
    serve(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The benchmark server has no port.');
  const query = options.wasmThreads ? `?wasmThreads=${options.wasmThreads}` : '';
  return { server, url: `http://localhost:${address.port}/${query}` };
}

export function launchBrowser(): Promise<Browser> {
  let executablePath: string;
  try {
    executablePath = chromiumPath();
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  return chromium.launch({ executablePath, args: [...chromiumArgs] });
}

/** A fresh page; with `wasmThreads`, one whose tfjs WASM backend may start that many threads. */
export async function openBenchPage(browser: Browser, url: string, wasmThreads?: number): Promise<Page> {
  const page = await browser.newPage();
  if (wasmThreads) {
    // tfjs-backend-wasm caps its pool at navigator.hardwareConcurrency / 2 (at most 8), so on 2 cores it
    // ignores setThreadsCount(2). To honour a request for N threads the page reports at least 2N cores.
    await page.addInitScript((threads) => {
      const real = navigator.hardwareConcurrency || 1;
      Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', {
        get: () => Math.max(real, 2 * threads),
        configurable: true,
      });
    }, wasmThreads);
  }
  await page.goto(url);
  await page.waitForFunction(() => 'measureSweepPoint' in globalThis);
  return page;
}

/** Calls one of the page's functions (bench-page.ts) with one serialisable argument. */
export function callPage<K extends keyof BenchPage>(
  page: Page,
  name: K,
  argument: Parameters<BenchPage[K]>[0],
): Promise<Awaited<ReturnType<BenchPage[K]>>> {
  return page.evaluate(([fn, arg]) => (globalThis as unknown as Record<string, (a: unknown) => Promise<unknown>>)[fn](arg), [
    name,
    argument,
  ] as const) as Promise<Awaited<ReturnType<BenchPage[K]>>>;
}

/** Which backends started, and why any did not start or stopped early (`measure` adds its own reasons). */
export interface BackendsOutcome {
  started: Map<string, BackendStarted>;
  stopped: Map<string, string>;
}

/**
 * Serves the benchmark page and, for each backend in turn, starts it on a fresh page and hands the page to
 * `measure`; a backend that cannot start is recorded in `stopped` with why, and skipped. The pages, the browser
 * and the server are closed however `measure` ends. The sweeps of the CNN and of the transformer run this way.
 */
export async function measureOnEachBackend(
  backends: readonly BenchBackend[],
  wasmThreads: number | undefined,
  measure: (page: Page, backend: BenchBackend, device: BackendStarted, stopped: Map<string, string>) => Promise<void>,
): Promise<BackendsOutcome> {
  const started = new Map<string, BackendStarted>();
  const stopped = new Map<string, string>();
  const { server, url } = await serveBenchPage({ wasmThreads });
  const browser = await launchBrowser();
  try {
    for (const backend of backends) {
      const page = await openBenchPage(browser, url, wasmThreads);
      try {
        let device: BackendStarted;
        try {
          device = await callPage(page, 'startBackend', backend);
        } catch (error) {
          stopped.set(backend, `did not start: ${firstLine(error)}`);
          process.stderr.write(`bench: ${backend} ${stopped.get(backend)}\n`);
          continue;
        }
        started.set(backend, device);
        await measure(page, backend, device, stopped);
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { started, stopped };
}
