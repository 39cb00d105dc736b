/**
 * npm run bench -- [--backends cpu,wasm,webgl,webgpu] [--steps N] [--batch N] [--warmup N] [--json]
 *                  [--data synthetic|cifar10] [--epochs E] [--train-images N] [--test-images N] [--repeats R]
 *                  [--wasm-threads N] [--seed S]
 * npm run bench -- --sweep [--widths 1,2,4,8] [--batches 64,256,1024] [--max-seconds-per-step S]
 *                  [--min-seconds S] [--backends wasm,webgl,webgpu] [--wasm-threads N] [--json]
 *
 * Trains the project CNN in headless Chromium on each backend (default: every one that initialises)
 * and prints a table, or one JSON object per line with --json. When /usr/bin/python3 has torch, it
 * also runs the project's PyTorch reference (scripts/pytorch/cnn_reference.py) on the same machine, on
 * the CPU with one thread per core, and prints each backend's ratio to it.
 *
 * --sweep measures every (width, batch) point of the crossover sweep (labs/cnn/sweep-plan.ts), smallest
 * FLOPs first, with the lab's own measurePoint on each backend and the reference's `sweep` mode at the
 * same sizes; a backend stops growing after a point whose step takes longer than --max-seconds-per-step.
 * It ends with the crossover: the first size at which a GPU backend (webgl/webgpu) trains faster than
 * WASM, or "none" and why.
 *
 * WASM runs one thread per logical core as the page asks (setThreadsCount(navigator.hardwareConcurrency)),
 * which tfjs-backend-wasm 4.22 caps at half the cores: 1 on a 2-core machine. --wasm-threads N asks for N
 * and lifts that cap; every result reports the pool tfjs actually started (`threads`).
 *
 * --data cifar10 decodes the first --train-images training and --test-images test images of the chunks in
 * public/data/cifar10 (scripts/lib/cifar10-node.ts), writes them as official CIFAR-10 records to a
 * temporary folder, and serves those to the page; with --epochs E the reference's `train` mode then
 * trains on the very same records with the same epochs, batch, optimiser and epoch order, and each
 * backend's test accuracy is printed beside PyTorch's. --seed S (default 42) seeds both frameworks'
 * initial weights (each with its own generator) and the epoch order (the same on both sides).
 */
import { build } from 'esbuild';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, mkdtemp, stat, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { crossOriginIsolationHeaders } from '../src/integrations/headers.ts';
import { CifarDataError, MANIFEST_FILE, parseManifest } from '../labs/api/cifar10-chunks.ts';
import { DEFAULT_SWEEP_BATCHES, DEFAULT_SWEEP_WIDTHS, pointLabel, sweepPoints, type SweepPoint } from '../labs/cnn/sweep-plan.ts';
import type { PointMeasurement, PointTiming } from '../labs/cnn/sweep-measure.ts';
import { DEFAULT_CIFAR10_DIR, loadCifar10FromDisk } from './lib/cifar10-node.ts';
import { toCifarRecords } from './lib/cifar10-records.ts';
import { chromiumArgs, chromiumPath } from './lib/chromium-path.ts';
import { median } from '../labs/api/median.ts';
import { runsOnSoftwareRenderer } from '../src/lab/shared/device-description.ts';
import type { BackendStarted, BenchBackend, BenchOptions, BenchPage, BenchResult } from './bench/bench-types.ts';
import type { PytorchPoint } from './bench/gpu/pytorch-sweep.ts';

const ALL_BACKENDS: BenchBackend[] = ['cpu', 'wasm', 'webgl', 'webgpu'];
/** The plain-JS backend trains at under 1 % of WASM's speed, so the sweep leaves it out unless asked. */
const SWEEP_BACKENDS: BenchBackend[] = ['wasm', 'webgl', 'webgpu'];
const GPU_BACKENDS: readonly BenchBackend[] = ['webgl', 'webgpu'];
const PYTHON = '/usr/bin/python3';
const REFERENCE = 'scripts/pytorch/cnn_reference.py';
const root = process.cwd();
/** One PyTorch thread per logical core, as the page gives WASM by default. */
const cores = cpus().length;

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
    'test-images': { type: 'string' },
    'wasm-threads': { type: 'string' },
    seed: { type: 'string', default: '42' },
    sweep: { type: 'boolean', default: false },
    widths: { type: 'string' },
    batches: { type: 'string' },
    'max-seconds-per-step': { type: 'string' },
    'min-seconds': { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function positive(name: string, value: string | undefined, allowZero = false): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < (allowZero ? 0 : 1))
    fail(`--${name} must be a whole number${allowZero ? '' : ' above 0'}, not "${value}".`);
  return number;
}

function seconds(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) fail(`--${name} must be a number of seconds above 0, not "${value}".`);
  return number;
}

function wholeNumbers(name: string, value: string | undefined, fallback: readonly number[]): number[] {
  if (value === undefined) return [...fallback];
  const numbers = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map(Number);
  if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n) || n < 1))
    fail(`--${name} must be whole numbers above 0 separated by commas, like 1,2,4, not "${value}".`);
  return numbers;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

const requested = (values.backends?.split(',').map((name) => name.trim()) ??
  (values.sweep ? SWEEP_BACKENDS : ALL_BACKENDS)) as BenchBackend[];
for (const name of requested)
  if (!ALL_BACKENDS.includes(name)) fail(`unknown backend "${name}"; use some of ${ALL_BACKENDS.join(',')}.`);
if (values.data !== 'synthetic' && values.data !== 'cifar10') fail(`--data must be synthetic or cifar10, not "${values.data}".`);
const wasmThreads = values['wasm-threads'] === undefined ? undefined : positive('wasm-threads', values['wasm-threads']);

// ——— the page, its server and the browser ———

/** Bundles the benchmark page and serves it, the WASM binaries and (for --data cifar10) the records, cross-origin isolated. */
async function serveBenchPage(recordsDir?: string): Promise<{ server: Server; url: string }> {
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
  const query = wasmThreads ? `?wasmThreads=${wasmThreads}` : '';
  return { server, url: `http://localhost:${address.port}/${query}` };
}

function findChromium(): string {
  try {
    return chromiumPath();
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}

function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: [...chromiumArgs],
  });
}

async function openBenchPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  if (wasmThreads) {
    // tfjs-backend-wasm caps its pool at navigator.hardwareConcurrency / 2 (at most 8), so on 2 cores it
    // ignores setThreadsCount(2). To honour --wasm-threads N the page reports at least 2N cores.
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
function callPage<K extends keyof BenchPage>(
  page: Page,
  name: K,
  argument: Parameters<BenchPage[K]>[0],
): Promise<Awaited<ReturnType<BenchPage[K]>>> {
  return page.evaluate(([fn, arg]) => (globalThis as unknown as Record<string, (a: unknown) => Promise<unknown>>)[fn](arg), [
    name,
    argument,
  ] as const) as Promise<Awaited<ReturnType<BenchPage[K]>>>;
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ——— the PyTorch reference ———

/** Why the reference cannot run here, or null when it can. */
function pytorchMissing(): string | null {
  if (!existsSync(PYTHON)) return `no ${PYTHON}`;
  if (!existsSync(path.join(root, REFERENCE))) return `no ${REFERENCE}`;
  if (spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0)
    return `${PYTHON} has no torch (apt-get install -y python3-torch)`;
  return null;
}

/** Runs the reference and hands each JSON line to `onLine` as it arrives; rejects when the script fails. */
async function runReference(
  args: string[],
  onLine: (line: Record<string, unknown>) => void = () => {},
): Promise<Record<string, unknown>[]> {
  const child = spawn(PYTHON, [REFERENCE, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Record<string, unknown>[] = [];
  const reader = createInterface({ input: child.stdout });
  reader.on('line', (text) => {
    if (!text.trim()) return;
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    onLine(line);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${REFERENCE} ${args[0]} exited with status ${code}.`);
  return lines;
}

/** The reference's throughput line (scripts/pytorch/cnn_reference.py): the sweep's point, always complete here. */
type ReferenceThroughput = PytorchPoint & { mode: 'throughput'; steps: number; torch: string };

/** The reference's last line in train mode. */
interface ReferenceTraining {
  mode: 'train';
  device_name: string;
  threads: number;
  epochs: number;
  batch: number;
  train_images: number;
  test_images: number;
  test_accuracy: number;
  images_per_second: number;
  seconds: number;
  torch: string;
  /** Mean training loss of each epoch, from the train-epoch lines. */
  epoch_losses?: number[];
}

// ——— --sweep ———

/** One JSON line of the sweep: a point on one backend. */
interface SweepLine {
  backend: string;
  device: string;
  threads: number | null;
  width: number;
  batch: number;
  flops_per_step: number;
  first_step_ms: number;
  ms_per_step: number;
  images_per_second: number;
  gflops_per_second: number;
  steps: number;
  ratio_to_pytorch: number | null;
}

const pointKey = (width: number, batch: number) => `${width}×${batch}`;

function browserLine(started: BackendStarted, measured: PointMeasurement, pytorch: Map<string, SweepLine>): SweepLine {
  const peer = pytorch.get(pointKey(measured.width, measured.batchSize));
  return {
    backend: started.backend,
    device: started.device,
    threads: started.threads,
    width: measured.width,
    batch: measured.batchSize,
    flops_per_step: measured.flopsPerStep,
    first_step_ms: round(measured.firstStepMs, 3),
    ms_per_step: round(measured.msPerStep, 3),
    images_per_second: round(measured.imagesPerSecond, 1),
    gflops_per_second: round(measured.gflopsPerSecond, 3),
    steps: measured.steps,
    ratio_to_pytorch: peer ? round(measured.imagesPerSecond / peer.images_per_second, 3) : null,
  };
}

/** The crossover: where a GPU backend first trains faster than WASM, or "none" and why. */
interface Crossover {
  crossover: string;
  backend?: string;
  width?: number;
  batch?: number;
  gpu_images_per_second?: number;
  wasm_images_per_second?: number;
  /** True when the winning "GPU" is a software renderer: then it is not a GPU crossover at all. */
  software_renderer?: boolean;
  reason?: string;
}

/**
 * Walks the points smallest first and returns the first at which some GPU backend beats WASM.
 * `started` describes each backend that started; `stopped` says why a backend measured nothing or stopped.
 */
function findCrossover(
  points: readonly SweepPoint[],
  lines: readonly SweepLine[],
  started: ReadonlyMap<string, BackendStarted>,
  stopped: ReadonlyMap<string, string>,
): Crossover {
  const wasm = new Map(lines.filter((line) => line.backend === 'wasm').map((line) => [pointKey(line.width, line.batch), line]));
  const gpu = lines.filter((line) => (GPU_BACKENDS as readonly string[]).includes(line.backend));
  const software = (backend: string) => {
    const device = started.get(backend);
    return device ? runsOnSoftwareRenderer(backend, device.device) : false;
  };
  if (wasm.size === 0)
    return {
      crossover: 'none',
      reason: `no WASM baseline was measured${stopped.has('wasm') ? ` (${stopped.get('wasm')})` : ' (run with --backends including wasm)'}`,
    };
  if (gpu.length === 0) {
    const why = GPU_BACKENDS.map((backend) => `${backend}: ${stopped.get(backend) ?? 'not requested'}`).join('; ');
    return { crossover: 'none', reason: `no GPU backend measured any point (${why})` };
  }
  let best: { ratio: number; line: SweepLine } | undefined;
  for (const point of points) {
    const baseline = wasm.get(pointKey(point.width, point.batchSize));
    if (!baseline) continue;
    const rivals = gpu
      .filter((line) => line.width === point.width && line.batch === point.batchSize)
      .sort((a, b) => b.images_per_second - a.images_per_second);
    const fastest = rivals[0];
    if (!fastest) continue;
    const ratio = fastest.images_per_second / baseline.images_per_second;
    if (!best || ratio > best.ratio) best = { ratio, line: fastest };
    if (ratio > 1) {
      return {
        crossover: pointLabel(point),
        backend: fastest.backend,
        width: point.width,
        batch: point.batchSize,
        gpu_images_per_second: fastest.images_per_second,
        wasm_images_per_second: baseline.images_per_second,
        software_renderer: software(fastest.backend),
      };
    }
  }
  const gpuBackends = [...new Set(gpu.map((line) => line.backend))];
  const bestText = best
    ? `; the closest was ${best.line.backend} at ${pointLabel({ width: best.line.width, batchSize: best.line.batch })}, ${round(best.ratio, 3)} × WASM's speed`
    : '; no point was measured on both WASM and a GPU backend';
  const stops = gpuBackends.filter((backend) => stopped.has(backend)).map((backend) => `${backend} ${stopped.get(backend)}`);
  const stopText = stops.length ? `; ${stops.join('; ')}` : '';
  if (gpuBackends.every(software)) {
    const renderers = gpuBackends.map((backend) => `${backend}: ${started.get(backend)?.device}`).join('; ');
    return {
      crossover: 'none',
      reason: `every GPU backend here is a software renderer (${renderers}): its "GPU" runs on the same CPU cores as WASM, so it cannot overtake it${bestText}${stopText}`,
    };
  }
  return {
    crossover: 'none',
    reason: `the GPU backends were slower than WASM at every size both measured${bestText}${stopText}`,
  };
}

async function runSweep(): Promise<void> {
  const widths = wholeNumbers('widths', values.widths, DEFAULT_SWEEP_WIDTHS);
  const batches = wholeNumbers('batches', values.batches, DEFAULT_SWEEP_BATCHES);
  const maxSecondsPerStep =
    values['max-seconds-per-step'] === undefined ? undefined : seconds('max-seconds-per-step', values['max-seconds-per-step']);
  const minSeconds = seconds('min-seconds', values['min-seconds']);
  const points = sweepPoints(widths, batches);
  const timing: PointTiming = { minSeconds, minSteps: 3, maxSteps: 1000, seed: 42 };
  const lines: SweepLine[] = [];
  const emit = (line: SweepLine) => {
    lines.push(line);
    if (values.json) process.stdout.write(`${JSON.stringify(line)}\n`);
    else
      process.stderr.write(
        `bench: ${line.backend}, ${pointLabel({ width: line.width, batchSize: line.batch })}: ${line.images_per_second} images/s, ${line.gflops_per_second} GFLOP/s\n`,
      );
  };
  const tooSlow = (msPerStep: number) => maxSecondsPerStep !== undefined && msPerStep > maxSecondsPerStep * 1000;

  // PyTorch first, so every browser line can carry its ratio as soon as it is measured.
  const pytorch = new Map<string, SweepLine>();
  const missing = pytorchMissing();
  if (missing) process.stderr.write(`bench: PyTorch reference not run: ${missing}.\n`);
  else {
    const args = [
      'sweep',
      '--widths',
      widths.join(','),
      '--batches',
      batches.join(','),
      '--device',
      'cpu',
      '--threads',
      String(cores),
      '--min-seconds',
      String(minSeconds),
    ];
    if (maxSecondsPerStep !== undefined) args.push('--max-seconds-per-step', String(maxSecondsPerStep));
    await runReference(args, (raw) => {
      if (raw.mode === 'sweep' && raw.reason !== 'every point measured')
        process.stderr.write(`bench: pytorch-cpu stopped: ${String(raw.reason)}\n`);
      if (raw.mode !== 'throughput') return;
      const line = raw as unknown as ReferenceThroughput;
      const row: SweepLine = {
        backend: 'pytorch-cpu',
        device: `PyTorch ${line.torch}, ${line.device_name}`,
        threads: line.threads,
        width: line.width,
        batch: line.batch,
        flops_per_step: line.flops_per_step,
        first_step_ms: line.first_step_ms,
        ms_per_step: line.ms_per_step,
        images_per_second: line.images_per_second,
        gflops_per_second: line.gflops_per_second,
        steps: line.steps,
        ratio_to_pytorch: 1,
      };
      pytorch.set(pointKey(row.width, row.batch), row);
      emit(row);
    });
  }

  const started = new Map<string, BackendStarted>();
  const stopped = new Map<string, string>();
  const { server, url } = await serveBenchPage();
  const browser = await launchBrowser();
  try {
    for (const backend of requested) {
      const page = await openBenchPage(browser, url);
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
        for (const point of points) {
          let measured: PointMeasurement;
          try {
            measured = await callPage(page, 'measureSweepPoint', { point, timing });
          } catch (error) {
            stopped.set(backend, `failed at ${pointLabel(point)}: ${firstLine(error)}`);
            process.stderr.write(`bench: ${backend} ${stopped.get(backend)}\n`);
            break;
          }
          emit(browserLine(device, measured, pytorch));
          if (tooSlow(measured.msPerStep)) {
            const left = points.length - points.indexOf(point) - 1;
            if (left > 0)
              stopped.set(
                backend,
                `stopped after ${pointLabel(point)} (${round(measured.msPerStep / 1000, 2)} s per step, over --max-seconds-per-step ${maxSecondsPerStep}; ${left} bigger point(s) not measured)`,
              );
            break;
          }
        }
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  const crossover = findCrossover(points, lines, started, stopped);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(crossover)}\n`);
  } else {
    console.table(
      lines.map((line) => ({
        backend: line.backend,
        threads: line.threads ?? '',
        width: line.width,
        batch: line.batch,
        'GFLOP/step': round(line.flops_per_step / 1e9, 3),
        'first step ms': round(line.first_step_ms, 1),
        'ms/step': round(line.ms_per_step, 2),
        'images/s': line.images_per_second,
        'GFLOP/s': line.gflops_per_second,
        'vs PyTorch': line.ratio_to_pytorch === null ? 'n/a' : `${line.ratio_to_pytorch.toFixed(3)}×`,
      })),
    );
    for (const [backend, device] of started) process.stdout.write(`${backend}: ${device.device}\n`);
    for (const [backend, why] of stopped) process.stdout.write(`${backend}: ${why}\n`);
    process.stdout.write(
      crossover.crossover === 'none'
        ? `Crossover: none. ${capitalise(crossover.reason ?? '')}.\n`
        : `Crossover: ${crossover.backend} first beats WASM at ${crossover.crossover} (${crossover.gpu_images_per_second} against ${crossover.wasm_images_per_second} images/s)${crossover.software_renderer ? ', but on a software renderer: that is the CPU, not a GPU' : ''}.\n`,
    );
  }
  if (lines.every((line) => line.backend === 'pytorch-cpu')) process.exit(1);
}

// ——— CIFAR-10 records for the page and PyTorch ———

/** Decodes the chunks once and writes train.bin and test.bin to a temporary folder. */
async function writeCifarRecords(): Promise<{ dir: string; train: number; test: number; source: string }> {
  const manifestFile = path.join(DEFAULT_CIFAR10_DIR, MANIFEST_FILE);
  if (!existsSync(manifestFile))
    fail(`no CIFAR-10 chunks: ${manifestFile} is missing. Build them with \`npm run data:cifar10:pack\`.`);
  try {
    const manifest = parseManifest(JSON.parse(await readFile(manifestFile, 'utf8')), manifestFile);
    const train = values['train-images']
      ? Math.min(positive('train-images', values['train-images']), manifest.splits.train.count)
      : manifest.splits.train.count;
    const test = values['test-images']
      ? Math.min(positive('test-images', values['test-images']), manifest.splits.test.count)
      : manifest.splits.test.count;
    process.stderr.write(`bench: decoding ${train} training and ${test} test images from ${DEFAULT_CIFAR10_DIR}…\n`);
    const loaded = await loadCifar10FromDisk({ train, test });
    const dir = await mkdtemp(path.join(tmpdir(), 'course-bench-cifar10-'));
    await writeFile(path.join(dir, 'train.bin'), toCifarRecords(loaded.train));
    await writeFile(path.join(dir, 'test.bin'), toCifarRecords(loaded.test));
    return { dir, train, test, source: manifest.encoding === 'jpeg' ? 'CIFAR-10 (JPEG copy)' : 'CIFAR-10' };
  } catch (error) {
    if (error instanceof CifarDataError || error instanceof SyntaxError) fail(error.message);
    throw error;
  }
}

// ——— the default mode: throughput per backend, optionally training ———

interface PeerResult {
  peer: string;
  device_name: string;
  threads: number;
  images_per_second: number;
  ms_per_step: number;
  steps: number;
}

async function runPeerThroughput(batch: number, steps: number, repeats: number): Promise<PeerResult | null> {
  if (pytorchMissing()) return null;
  const runs: PeerResult[] = [];
  for (let i = 0; i < repeats; i++) {
    const [line] = (await runReference([
      'throughput',
      '--width',
      '1',
      '--batch',
      String(batch),
      '--steps',
      String(steps),
      '--device',
      'cpu',
      '--threads',
      String(cores),
    ])) as unknown as ReferenceThroughput[];
    if (!line) throw new Error(`${REFERENCE} throughput printed nothing.`);
    runs.push({
      peer: `pytorch ${line.torch} ${line.device}`,
      device_name: line.device_name,
      threads: line.threads,
      images_per_second: line.images_per_second,
      ms_per_step: line.ms_per_step,
      steps: line.steps,
    });
  }
  const middle = median(runs.map((run) => run.images_per_second));
  return runs.find((run) => run.images_per_second === middle) ?? runs[0];
}

async function runBackends(): Promise<void> {
  const base: Omit<BenchOptions, 'backend'> = {
    batch: positive('batch', values.batch),
    steps: positive('steps', values.steps),
    warmup: positive('warmup', values.warmup, true),
    seed: positive('seed', values.seed, true),
    data: values.data as BenchOptions['data'],
    epochs: positive('epochs', values.epochs, true),
    trainImages: values['train-images'] ? positive('train-images', values['train-images']) : undefined,
  };
  const repeats = positive('repeats', values.repeats);
  const records = base.data === 'cifar10' ? await writeCifarRecords() : undefined;

  const results: (BenchResult & { repeats: number; pytorch_test_accuracy?: number; accuracy_difference?: number })[] = [];
  const { server, url } = await serveBenchPage(records?.dir);
  const browser = await launchBrowser();
  try {
    for (const backend of requested) {
      const runs: BenchResult[] = [];
      for (let repeat = 0; repeat < repeats; repeat++) {
        const page = await openBenchPage(browser, url);
        try {
          runs.push(await callPage(page, 'runBenchmark', { ...base, backend }));
        } catch (error) {
          if (values.backends) process.stderr.write(`bench: ${backend} failed: ${firstLine(error)}\n`);
          break;
        } finally {
          await page.close();
        }
      }
      if (runs.length === 0) continue;
      const middle = median(runs.map((run) => run.images_per_second));
      const chosen = runs.find((run) => run.images_per_second === middle) ?? runs[0];
      results.push({ ...chosen, repeats: runs.length });
    }
  } finally {
    await browser.close();
    server.close();
  }

  const peer = await runPeerThroughput(base.batch, Math.max(base.steps, 100), repeats);
  let training: ReferenceTraining | undefined;
  if (records && base.epochs > 0 && !pytorchMissing()) {
    process.stderr.write(`bench: PyTorch trains on the same ${records.train} images, ${base.epochs} epoch(s)…\n`);
    const lines = await runReference([
      'train',
      '--data',
      path.join(records.dir, 'train.bin'),
      '--test',
      path.join(records.dir, 'test.bin'),
      '--epochs',
      String(base.epochs),
      '--batch',
      String(base.batch),
      '--seed',
      String(base.seed),
      '--shuffle-seed',
      String(base.seed),
      '--device',
      'cpu',
      '--threads',
      String(cores),
    ]);
    const last = lines.find((line) => line.mode === 'train') as ReferenceTraining | undefined;
    if (last)
      training = {
        ...last,
        epoch_losses: lines.filter((line) => line.mode === 'train-epoch').map((line) => line.loss as number),
      };
    for (const result of results) {
      if (training && result.test_accuracy !== undefined) {
        result.pytorch_test_accuracy = training.test_accuracy;
        result.accuracy_difference = round(result.test_accuracy - training.test_accuracy, 2);
      }
    }
  }
  if (records) await rm(records.dir, { recursive: true, force: true });

  if (values.json) {
    for (const result of results)
      process.stdout.write(
        `${JSON.stringify({ ...result, ...(peer ? { ratio_to_pytorch: round(result.images_per_second / peer.images_per_second, 3) } : {}) })}\n`,
      );
    if (peer) process.stdout.write(`${JSON.stringify({ backend: 'pytorch-cpu', ...peer, batch: base.batch })}\n`);
    if (training) process.stdout.write(`${JSON.stringify({ backend: 'pytorch-cpu', ...training })}\n`);
  } else {
    const rows: Record<string, string>[] = results.map((result) => ({
      backend: result.backend,
      threads: result.threads === null ? '' : String(result.threads),
      'images/s': result.images_per_second.toFixed(1),
      'ms/step': result.ms_per_step.toFixed(2),
      'vs PyTorch': peer ? `${(result.images_per_second / peer.images_per_second).toFixed(2)}×` : 'n/a',
      ...(result.test_accuracy !== undefined
        ? { 'test acc %': result.test_accuracy.toFixed(2), 'train s': String(result.train_seconds) }
        : {}),
      ...(result.accuracy_difference !== undefined ? { 'vs PyTorch acc (points)': result.accuracy_difference.toFixed(2) } : {}),
      device: result.device,
    }));
    if (peer)
      rows.push({
        backend: 'pytorch-cpu',
        threads: String(peer.threads),
        'images/s': peer.images_per_second.toFixed(1),
        'ms/step': peer.ms_per_step.toFixed(2),
        'vs PyTorch': '1.00×',
        ...(training ? { 'test acc %': training.test_accuracy.toFixed(2), 'train s': String(training.seconds) } : {}),
        device: `${peer.peer}, ${peer.device_name}`,
      });
    console.table(rows);
    const data = records ? `${records.source}, ${records.train} training and ${records.test} test images` : base.data;
    process.stdout.write(
      `batch ${base.batch}, ${base.steps} timed steps after ${base.warmup} warm-up steps, median of ${repeats} run(s), data: ${data}${peer ? '' : `; PyTorch reference not run (${pytorchMissing()})`}\n`,
    );
    if (training) {
      for (const result of results) {
        if (result.accuracy_difference !== undefined)
          process.stdout.write(
            `test accuracy after ${base.epochs} epoch(s): ${result.backend} ${result.test_accuracy?.toFixed(2)} %, PyTorch ${training.test_accuracy.toFixed(2)} %, difference ${result.accuracy_difference > 0 ? '+' : ''}${result.accuracy_difference.toFixed(2)} points\n`,
          );
      }
    }
  }
  if (results.length === 0) process.exit(1);
}

if (values.sweep) await runSweep();
else await runBackends();
