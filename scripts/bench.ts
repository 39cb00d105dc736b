/**
 * npm run bench -- [--backends cpu,wasm,webgl,webgpu] [--steps N] [--batch N] [--warmup N] [--json]
 *                  [--data synthetic|cifar10] [--epochs E] [--train-images N] [--test-images N] [--repeats R]
 *                  [--wasm-threads N] [--seed S]
 * npm run bench -- --sweep [--widths 1,2,4,8] [--batches 64,256,1024] [--max-seconds-per-step S]
 *                  [--min-seconds S] [--backends wasm,webgl,webgpu] [--wasm-threads N] [--json]
 * npm run bench -- --model transformer [--threads 1] [--steps N] [--repeats 3] [--min-seconds 3] [--batch 16]
 *                  [--backends wasm] [--json]
 * npm run bench -- --model transformer --sweep [--widths 64,128,256,512] [--contexts 64,128,256,512]
 *                  [--batch 8] [--max-seconds-per-step 2] [--min-seconds 1] [--threads 1] [--backends wasm] [--json]
 *
 * --model cnn (the default) trains the project CNN in headless Chromium on each backend (default: every
 * one that initialises) and prints a table, or one JSON object per line with --json. When /usr/bin/python3
 * has torch, it also runs the project's PyTorch reference (scripts/pytorch/cnn_reference.py) on the same
 * machine, on the CPU with one thread per core, and prints each backend's ratio to it.
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
 *
 * --model transformer measures the transformer lab's default model (width 64, context 64, 2 layers, 4 heads,
 * batch 16) on WASM in the same page, with the lab's measurePoint, and the PyTorch twin
 * (scripts/pytorch/transformer_reference.py) on the CPU, thread for thread: --threads N (default 1) is both
 * WASM's pool and torch.set_num_threads. With --sweep it measures the lab's sweep sizes at batch 8: the width
 * grows at the smallest context, then the context at the smallest width. See scripts/bench/transformer-bench.ts.
 */
import { readFile, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CifarDataError, MANIFEST_FILE, parseManifest } from '../labs/api/cifar10-chunks.ts';
import { DEFAULT_SWEEP_BATCHES, DEFAULT_SWEEP_WIDTHS, pointLabel, sweepPoints, type SweepPoint } from '../labs/cnn/sweep-plan.ts';
import type { PointMeasurement, PointTiming } from '../labs/cnn/sweep-measure.ts';
import { DEFAULT_CIFAR10_DIR, loadCifar10FromDisk } from './lib/cifar10-node.ts';
import { toCifarRecords } from './lib/cifar10-records.ts';
import { median } from '../labs/api/median.ts';
import { runsOnSoftwareRenderer } from '../src/lab/shared/device-description.ts';
import { callPage, launchBrowser, measureOnEachBackend, openBenchPage, serveBenchPage } from './bench/bench-browser.ts';
import {
  capitalise,
  fail,
  firstLine,
  positive,
  pytorchMissing,
  round,
  runReference,
  seconds,
  wholeNumbers,
} from './bench/bench-cli.ts';
import type { BackendStarted, BenchBackend, BenchOptions, BenchResult } from './bench/bench-types.ts';
import type { PytorchPoint } from './bench/gpu/pytorch-sweep.ts';
import { runTransformerBench, runTransformerSweep } from './bench/transformer-bench.ts';
import {
  DEFAULT_TRANSFORMER,
  DEFAULT_TRANSFORMER_BATCH,
  SWEEP_BATCH,
  SWEEP_CONTEXTS,
  SWEEP_WIDTHS,
  transformerSweepSizes,
} from './bench/transformer-plan.ts';

const ALL_BACKENDS: BenchBackend[] = ['cpu', 'wasm', 'webgl', 'webgpu'];
/** The plain-JS backend trains at under 1 % of WASM's speed, so the sweep leaves it out unless asked. */
const SWEEP_BACKENDS: BenchBackend[] = ['wasm', 'webgl', 'webgpu'];
const GPU_BACKENDS: readonly BenchBackend[] = ['webgl', 'webgpu'];
const REFERENCE = 'scripts/pytorch/cnn_reference.py';
/** One PyTorch thread per logical core, as the page gives WASM by default. */
const cores = cpus().length;

// Options whose default depends on --model have none here: each model's code supplies its own.
const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'cnn' },
    backends: { type: 'string' },
    steps: { type: 'string' },
    batch: { type: 'string' },
    warmup: { type: 'string', default: '5' },
    repeats: { type: 'string' },
    data: { type: 'string', default: 'synthetic' },
    epochs: { type: 'string', default: '0' },
    'train-images': { type: 'string' },
    'test-images': { type: 'string' },
    'wasm-threads': { type: 'string' },
    threads: { type: 'string' },
    seed: { type: 'string', default: '42' },
    sweep: { type: 'boolean', default: false },
    widths: { type: 'string' },
    contexts: { type: 'string' },
    batches: { type: 'string' },
    'max-seconds-per-step': { type: 'string' },
    'min-seconds': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

if (values.model !== 'cnn' && values.model !== 'transformer') fail(`--model must be cnn or transformer, not "${values.model}".`);
/** Options that belong to one model only: given with the other, they would be silently ignored. */
const onlyFor: Record<'cnn' | 'transformer', readonly (keyof typeof values)[]> = {
  cnn: ['warmup', 'data', 'epochs', 'train-images', 'test-images', 'wasm-threads', 'seed', 'batches'],
  transformer: ['threads', 'contexts'],
};
const otherModel = values.model === 'cnn' ? 'transformer' : 'cnn';
const optionHints: Partial<Record<string, string>> = {
  threads: "The CNN gives PyTorch one thread per core, and --wasm-threads N sets WASM's pool.",
  'wasm-threads': "For the transformer, --threads N sets both WASM's pool and PyTorch's threads.",
};
for (const name of onlyFor[otherModel])
  if (process.argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`)))
    fail(`--${name} applies to --model ${otherModel} only.${optionHints[name] ? ` ${optionHints[name]}` : ''}`);

// The transformer's measure is WASM against PyTorch; its GPU backends on a software renderer would take hours.
const requested = (values.backends?.split(',').map((name) => name.trim()) ??
  (values.model === 'transformer' ? ['wasm'] : values.sweep ? SWEEP_BACKENDS : ALL_BACKENDS)) as BenchBackend[];
for (const name of requested)
  if (!ALL_BACKENDS.includes(name)) fail(`unknown backend "${name}"; use some of ${ALL_BACKENDS.join(',')}.`);
if (values.data !== 'synthetic' && values.data !== 'cifar10') fail(`--data must be synthetic or cifar10, not "${values.data}".`);
const wasmThreads = values['wasm-threads'] === undefined ? undefined : positive('wasm-threads', values['wasm-threads']);

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
  const minSeconds = seconds('min-seconds', values['min-seconds'] ?? '1');
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
  const missing = pytorchMissing(REFERENCE);
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
    await runReference(REFERENCE, args, (raw) => {
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

  const { started, stopped } = await measureOnEachBackend(requested, wasmThreads, async (page, backend, device, stopped) => {
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
  });

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
  if (pytorchMissing(REFERENCE)) return null;
  const runs: PeerResult[] = [];
  for (let i = 0; i < repeats; i++) {
    const [line] = (await runReference(REFERENCE, [
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
    batch: positive('batch', values.batch ?? '64'),
    steps: positive('steps', values.steps ?? '50'),
    warmup: positive('warmup', values.warmup, true),
    seed: positive('seed', values.seed, true),
    data: values.data as BenchOptions['data'],
    epochs: positive('epochs', values.epochs, true),
    trainImages: values['train-images'] ? positive('train-images', values['train-images']) : undefined,
  };
  const repeats = positive('repeats', values.repeats ?? '1');
  const records = base.data === 'cifar10' ? await writeCifarRecords() : undefined;

  const results: (BenchResult & { repeats: number; pytorch_test_accuracy?: number; accuracy_difference?: number })[] = [];
  const { server, url } = await serveBenchPage({ recordsDir: records?.dir, wasmThreads });
  const browser = await launchBrowser();
  try {
    for (const backend of requested) {
      const runs: BenchResult[] = [];
      for (let repeat = 0; repeat < repeats; repeat++) {
        const page = await openBenchPage(browser, url, wasmThreads);
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
  if (records && base.epochs > 0 && !pytorchMissing(REFERENCE)) {
    process.stderr.write(`bench: PyTorch trains on the same ${records.train} images, ${base.epochs} epoch(s)…\n`);
    const lines = await runReference(REFERENCE, [
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
      `batch ${base.batch}, ${base.steps} timed steps after ${base.warmup} warm-up steps, median of ${repeats} run(s), data: ${data}${peer ? '' : `; PyTorch reference not run (${pytorchMissing(REFERENCE)})`}\n`,
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

// ——— --model transformer ———

async function runTransformer(): Promise<void> {
  const common = {
    backends: requested,
    threads: positive('threads', values.threads ?? '1'),
    repeats: Math.max(3, positive('repeats', values.repeats ?? '3')),
    steps: values.steps === undefined ? undefined : positive('steps', values.steps),
    json: values.json,
  };
  const model = {
    vocabulary: DEFAULT_TRANSFORMER.vocabulary,
    layers: DEFAULT_TRANSFORMER.layers,
    heads: DEFAULT_TRANSFORMER.heads,
  };
  let status: number;
  try {
    if (values.sweep) {
      const batch = positive('batch', values.batch ?? String(SWEEP_BATCH));
      const sizes = transformerSweepSizes(
        wholeNumbers('widths', values.widths, SWEEP_WIDTHS),
        wholeNumbers('contexts', values.contexts, SWEEP_CONTEXTS),
        model,
        batch,
      );
      status = await runTransformerSweep({
        ...common,
        sizes,
        minSeconds: seconds('min-seconds', values['min-seconds'] ?? '1'),
        maxSecondsPerStep: seconds('max-seconds-per-step', values['max-seconds-per-step'] ?? '2'),
      });
    } else {
      const batch = positive('batch', values.batch ?? String(DEFAULT_TRANSFORMER_BATCH));
      const [size] = transformerSweepSizes([DEFAULT_TRANSFORMER.width], [DEFAULT_TRANSFORMER.context], model, batch);
      status = await runTransformerBench({ ...common, size, minSeconds: seconds('min-seconds', values['min-seconds'] ?? '3') });
    }
  } catch (error) {
    if (error instanceof RangeError) fail(error.message);
    throw error;
  }
  if (status !== 0) process.exit(status);
}

if (values.model === 'transformer') await runTransformer();
else if (values.sweep) await runSweep();
else await runBackends();
