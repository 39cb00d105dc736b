/**
 * npm run bench -- [--backends cpu,wasm,webgl,webgpu] [--steps N] [--batch N] [--warmup N] [--json]
 *                  [--data synthetic|cifar10] [--epochs E] [--train-images N] [--repeats R]
 *
 * Trains the project CNN in headless Chromium on each backend (default: every one that initialises)
 * and prints a table, or one JSON object per line with --json. When /usr/bin/python3 has torch, it
 * also runs the PyTorch peer (../shared/bench/pytorch_lenet.py throughput) on the same machine with
 * the same batch, and prints each backend's ratio to it.
 */
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { readFile, mkdtemp, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { crossOriginIsolationHeaders } from '../src/integrations/headers.ts';
import type { BenchBackend, BenchOptions, BenchResult } from './bench/bench-types.ts';

const ALL_BACKENDS: BenchBackend[] = ['cpu', 'wasm', 'webgl', 'webgpu'];
const root = process.cwd();

const { values } = parseArgs({
  options: {
    backends: { type: 'string' },
    steps: { type: 'string', default: '50' },
    batch: { type: 'string', default: '64' },
    warmup: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '1' },
    data: { type: 'string', default: 'synthetic' },
    epochs: { type: 'string', default: '0' },
    'train-images': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function positive(name: string, value: string | undefined, allowZero = false): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < (allowZero ? 0 : 1)) fail(`--${name} must be a whole number${allowZero ? '' : ' above 0'}, not "${value}".`);
  return number;
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const requested = values.backends?.split(',').map((name) => name.trim()) ?? ALL_BACKENDS;
for (const name of requested) if (!ALL_BACKENDS.includes(name as BenchBackend)) fail(`unknown backend "${name}"; use some of ${ALL_BACKENDS.join(',')}.`);
if (values.data !== 'synthetic' && values.data !== 'cifar10') fail(`--data must be synthetic or cifar10, not "${values.data}".`);
const base: Omit<BenchOptions, 'backend'> = {
  batch: positive('batch', values.batch),
  steps: positive('steps', values.steps),
  warmup: positive('warmup', values.warmup, true),
  seed: 42,
  data: values.data,
  epochs: positive('epochs', values.epochs, true),
  trainImages: values['train-images'] ? positive('train-images', values['train-images']) : undefined,
};
const repeats = positive('repeats', values.repeats);
if (base.data === 'cifar10' && !existsSync('public/data/cifar10/train.bin')) fail('no imported CIFAR-10: run npm run data:cifar10 -- --archive PATH first.');

/** Bundles the benchmark page and serves it, the WASM binaries and imported data, cross-origin isolated. */
async function serveBenchPage(): Promise<{ server: Server; url: string }> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'course-bench-'));
  await build({ entryPoints: ['scripts/bench/bench-page.ts'], bundle: true, format: 'esm', outfile: path.join(outDir, 'bench.js'), logLevel: 'error', target: 'es2022' });
  const files: Record<string, string> = { '/bench.js': path.join(outDir, 'bench.js') };
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body><script type="module" src="/bench.js"></script></body></html>';
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let file = files[url.pathname];
    if (url.pathname.startsWith('/wasm/')) file = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', path.basename(url.pathname));
    if (url.pathname.startsWith('/data/cifar10/')) file = path.join(root, 'public/data/cifar10', path.basename(url.pathname));
    const headers = { ...crossOriginIsolationHeaders };
    if (url.pathname === '/') {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(html);
      return;
    }
    if (!file || !(await stat(file).catch(() => null))) {
      response.writeHead(404, headers).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    response.writeHead(200, { ...headers, 'Content-Type': type }).end(await readFile(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The benchmark server has no port.');
  return { server, url: `http://localhost:${address.port}/` };
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    return fail('Chromium was not found: apt-get install -y chromium, or set CHROMIUM_PATH.');
  }
}

interface PeerResult {
  peer: string;
  threads: number;
  images_per_second: number;
  ms_per_step: number;
}

/** The PyTorch CPU peer, when Debian's python3 has torch; null otherwise. */
function runPeer(): PeerResult | null {
  const script = path.resolve(root, '../shared/bench/pytorch_lenet.py');
  if (!existsSync('/usr/bin/python3') || !existsSync(script)) return null;
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return null;
  const runs: PeerResult[] = [];
  for (let i = 0; i < repeats; i++) {
    const out = execFileSync('/usr/bin/python3', [script, 'throughput', '--batch', String(base.batch), '--steps', String(Math.max(base.steps, 100)), '--threads', String(cpus().length)], { encoding: 'utf8' });
    runs.push(JSON.parse(out.trim().split('\n').pop() as string) as PeerResult);
  }
  const best = runs.find((run) => run.images_per_second === median(runs.map((r) => r.images_per_second))) ?? (runs[0] as PeerResult);
  return best;
}

const { server, url } = await serveBenchPage();
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan'],
});

const results: (BenchResult & { repeats: number })[] = [];
try {
  for (const backend of requested as BenchBackend[]) {
    const runs: BenchResult[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      const page = await browser.newPage();
      try {
        await page.goto(url);
        await page.waitForFunction(() => 'runBenchmark' in globalThis);
        runs.push(await page.evaluate((options) => (globalThis as unknown as { runBenchmark: (o: BenchOptions) => Promise<BenchResult> }).runBenchmark(options), { ...base, backend }));
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        if (values.backends) process.stderr.write(`bench: ${backend} failed: ${reason}\n`);
        break;
      } finally {
        await page.close();
      }
    }
    if (runs.length === 0) continue;
    const middle = median(runs.map((run) => run.images_per_second));
    const chosen = runs.find((run) => run.images_per_second === middle) ?? (runs[0] as BenchResult);
    results.push({ ...chosen, repeats: runs.length });
  }
} finally {
  await browser.close();
  server.close();
}

const peer = runPeer();
if (values.json) {
  for (const result of results) process.stdout.write(`${JSON.stringify({ ...result, ...(peer ? { ratio_to_pytorch: Math.round((result.images_per_second / peer.images_per_second) * 1000) / 1000 } : {}) })}\n`);
  if (peer) process.stdout.write(`${JSON.stringify({ backend: 'pytorch-cpu', ...peer, batch: base.batch })}\n`);
} else {
  const rows: Record<string, string>[] = results.map((result) => ({
    backend: result.backend,
    'images/s': result.images_per_second.toFixed(1),
    'ms/step': result.ms_per_step.toFixed(2),
    'vs PyTorch': peer ? `${(result.images_per_second / peer.images_per_second).toFixed(2)}×` : 'n/a',
    ...(result.test_accuracy !== undefined ? { 'test acc %': result.test_accuracy.toFixed(2), 'train s': String(result.train_seconds) } : {}),
    device: result.device,
  }));
  if (peer) rows.push({ backend: `pytorch (${peer.threads} threads)`, 'images/s': peer.images_per_second.toFixed(1), 'ms/step': peer.ms_per_step.toFixed(2), 'vs PyTorch': '1.00×', device: peer.peer });
  console.table(rows);
  process.stdout.write(`batch ${base.batch}, ${base.steps} timed steps after ${base.warmup} warm-up steps, median of ${repeats} run(s), data: ${base.data}${peer ? '' : '; PyTorch peer not run (no torch in /usr/bin/python3)'}\n`);
}
if (results.length === 0) process.exit(1);
