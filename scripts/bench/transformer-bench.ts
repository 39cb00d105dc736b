/**
 * `npm run bench -- --model transformer`: the transformer lab's model trained by TensorFlow.js in headless
 * Chromium (the lab's own measurePoint, labs/transformer/measure.ts, on the page of bench-page.ts) and by the
 * PyTorch twin (scripts/pytorch/transformer_reference.py) on the same CPU, thread for thread: WASM's pool
 * and torch.set_num_threads get the same --threads (default 1, the comparison the course quotes).
 *
 * Both sides time alike: random characters already on the device, a first step timed apart, an untimed step
 * that sets the steps per repeat, then at least 3 timed repeats, each ended by a read-back; a figure is the
 * repeats' median. FLOPs are the model's, counted from its shapes (labs/transformer/flops.ts), the same for both.
 */
import type { TransformerShape } from '../../labs/transformer/model.ts';
import { callPage, measureOnEachBackend, type BackendsOutcome } from './bench-browser.ts';
import { firstLine, pytorchMissing, round, runReference } from './bench-cli.ts';
import type { BackendStarted, BenchBackend, TransformerMeasurement } from './bench-types.ts';
import type { TransformerPointFields } from './gpu/records.ts';
import {
  estimatedStepMs,
  lastOnLine,
  sizeKey,
  sizeLabel,
  type ReferencePoint,
  type TransformerSize,
} from './transformer-plan.ts';

export const TRANSFORMER_REFERENCE = 'scripts/pytorch/transformer_reference.py';
/** The issue's measure of the CPU baseline: WASM at half PyTorch's speed or better, thread for thread. */
const GOAL_RATIO = 0.5;

const count = (value: number) => Math.round(value).toLocaleString('en-US');
const threadWords = (threads: number) => `${threads} thread${threads === 1 ? '' : 's'} each`;

interface TimingOptions {
  /** Timed work per size, all repeats together. */
  minSeconds: number;
  /** Timed steps per repeat, instead of enough for minSeconds. */
  steps?: number;
  repeats: number;
}

export interface TransformerBenchOptions extends TimingOptions {
  backends: BenchBackend[];
  /** WASM's thread pool and PyTorch's threads. */
  threads: number;
  json: boolean;
}

export interface TransformerSweepOptions extends TransformerBenchOptions {
  sizes: TransformerSize[];
  maxSecondsPerStep: number;
}

/** One JSON line: a size on one backend, PyTorch's included. */
export interface TransformerLine extends TransformerPointFields {
  model: 'transformer';
  backend: string;
  threads: number | null;
  repeat_ms_per_step: number[];
}

/** A size the reference's sweep left out, from its last line. */
interface ReferenceSkipped {
  width: number;
  context: number;
  reason: string;
}

const shapeArgs = (shape: TransformerShape, batch: number) => [
  '--vocabulary',
  String(shape.vocabulary),
  '--layers',
  String(shape.layers),
  '--heads',
  String(shape.heads),
  '--batch',
  String(batch),
];

function pytorchLine(point: ReferencePoint): TransformerLine {
  return {
    model: 'transformer',
    backend: 'pytorch-cpu',
    device: `PyTorch ${point.torch}, ${point.deviceName}`,
    threads: point.threads,
    width: point.width,
    context: point.context,
    layers: point.layers,
    heads: point.heads,
    vocabulary: point.vocabulary,
    batch: point.batch,
    flops_per_step: point.flopsPerStep,
    first_step_ms: point.firstStepMs,
    ms_per_step: point.msPerStep,
    repeat_ms_per_step: point.repeatMsPerStep,
    steps: point.steps,
    tokens_per_second: point.tokensPerSecond,
    gflops_per_second: point.gflopsPerSecond,
    ratio_to_pytorch: 1,
  };
}

function browserLine(
  started: BackendStarted,
  point: TransformerMeasurement,
  pytorch: TransformerLine | undefined,
): TransformerLine {
  const tokensPerSecond = round(point.tokensPerSecond, 1);
  return {
    model: 'transformer',
    backend: started.backend,
    device: started.device,
    threads: started.threads,
    ...point.shape,
    batch: point.batchSize,
    flops_per_step: point.flopsPerStep,
    first_step_ms: round(point.firstStepMs, 3),
    ms_per_step: round(point.msPerStep, 3),
    repeat_ms_per_step: point.repeatMsPerStep.map((ms) => round(ms, 3)),
    steps: point.steps,
    tokens_per_second: tokensPerSecond,
    gflops_per_second: round(point.gflopsPerSecond, 3),
    // From the rounded figures both lines print, so the ratio is the one a reader computes.
    ratio_to_pytorch: pytorch ? round(tokensPerSecond / pytorch.tokens_per_second, 3) : null,
    leaked_tensors: point.leakedTensors,
  };
}

function timingArgs(timing: TimingOptions): string[] {
  const args = ['--repeats', String(timing.repeats), '--min-seconds', String(timing.minSeconds)];
  return timing.steps === undefined ? args : [...args, '--steps', String(timing.steps)];
}

const pageTiming = (timing: TimingOptions) => ({
  minSeconds: timing.minSeconds,
  minSteps: timing.steps ?? 1,
  maxSteps: timing.steps ?? 1000,
  repeats: timing.repeats,
  seed: 42,
});

/**
 * Measures `sizes` on each backend in the browser, smallest first; a backend leaves out each size whose step
 * it expects to take longer than `maxSecondsPerStep`, and stops at the first that fails. `onLine` gets each
 * measured line; the result says which backends started and why any stopped.
 */
async function measureInBrowser(
  options: TransformerBenchOptions & { sizes: TransformerSize[]; maxSecondsPerStep?: number },
  pytorch: ReadonlyMap<string, TransformerLine>,
  onLine: (line: TransformerLine) => void,
): Promise<BackendsOutcome> {
  return measureOnEachBackend(options.backends, options.threads, async (page, backend, device, stopped) => {
    const measured: TransformerMeasurement[] = [];
    const leftOut: string[] = [];
    for (const size of options.sizes) {
      const estimateMs = estimatedStepMs(lastOnLine(measured, size), size);
      if (options.maxSecondsPerStep !== undefined && estimateMs > options.maxSecondsPerStep * 1000) {
        leftOut.push(`${sizeLabel(size.shape)} (about ${round(estimateMs / 1000, 2)} s a step)`);
        continue;
      }
      process.stderr.write(`bench: ${backend}, ${sizeLabel(size.shape)}…\n`);
      let point: TransformerMeasurement;
      try {
        point = await callPage(page, 'measureTransformerPoint', {
          shape: size.shape,
          batchSize: size.batch,
          timing: pageTiming(options),
        });
      } catch (error) {
        stopped.set(backend, `failed at ${sizeLabel(size.shape)}: ${firstLine(error)}`);
        break;
      }
      measured.push(point);
      onLine(browserLine(device, point, pytorch.get(sizeKey(size.shape))));
    }
    if (leftOut.length > 0 && !stopped.has(backend))
      stopped.set(
        backend,
        `left out ${leftOut.join('; ')}: over --max-seconds-per-step ${options.maxSecondsPerStep}, extrapolated from the last size on the same line`,
      );
    if (stopped.has(backend)) process.stderr.write(`bench: ${backend} ${stopped.get(backend)}\n`);
  });
}

function printLine(line: TransformerLine, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(line)}\n`);
  else
    process.stderr.write(
      `bench: ${line.backend}, ${sizeLabel(line)}: ${line.ms_per_step} ms/step, ${line.tokens_per_second} characters/s, ${line.gflops_per_second} GFLOP/s\n`,
    );
}

function table(lines: readonly TransformerLine[]): void {
  console.table(
    lines.map((line) => ({
      backend: line.backend,
      threads: line.threads ?? '',
      width: line.width,
      context: line.context,
      batch: line.batch,
      'GFLOP/step': round(line.flops_per_step / 1e9, 3),
      'first step ms': round(line.first_step_ms, 1),
      'ms/step': round(line.ms_per_step, 2),
      'characters/s': count(line.tokens_per_second),
      'GFLOP/s': line.gflops_per_second,
      'vs PyTorch': line.ratio_to_pytorch === null ? 'n/a' : `${line.ratio_to_pytorch.toFixed(3)}×`,
    })),
  );
}

function verdict(wasm: TransformerLine | undefined, pytorch: TransformerLine | undefined, threads: number): string {
  if (!wasm) return 'WASM measured nothing, so there is no ratio to PyTorch.';
  if (!pytorch || wasm.ratio_to_pytorch === null) return 'PyTorch measured nothing here, so there is no ratio.';
  const ratio = wasm.ratio_to_pytorch;
  return (
    `WASM trains the transformer at ${ratio.toFixed(2)}× PyTorch's speed, ${threadWords(threads)} ` +
    `(${count(wasm.tokens_per_second)} against ${count(pytorch.tokens_per_second)} characters/s): ` +
    `${ratio >= GOAL_RATIO ? 'at or above' : 'below'} the ${GOAL_RATIO}× goal.`
  );
}

/** The default mode: the lab's default model on each backend and on PyTorch's CPU. Returns the exit status. */
export async function runTransformerBench(options: TransformerBenchOptions & { size: TransformerSize }): Promise<number> {
  const { size } = options;
  const lines: TransformerLine[] = [];
  const pytorch = new Map<string, TransformerLine>();
  const missing = pytorchMissing(TRANSFORMER_REFERENCE);
  if (missing) process.stderr.write(`bench: PyTorch reference not run: ${missing}.\n`);
  else {
    process.stderr.write(`bench: pytorch-cpu, ${sizeLabel(size.shape)}, ${options.threads} thread(s)…\n`);
    const [point] = (await runReference(TRANSFORMER_REFERENCE, [
      'throughput',
      '--width',
      String(size.shape.width),
      '--context',
      String(size.shape.context),
      ...shapeArgs(size.shape, size.batch),
      ...timingArgs(options),
      '--device',
      'cpu',
      '--threads',
      String(options.threads),
    ])) as unknown as ReferencePoint[];
    if (!point) throw new Error(`${TRANSFORMER_REFERENCE} throughput printed nothing.`);
    const line = pytorchLine(point);
    pytorch.set(sizeKey(line), line);
    lines.push(line);
    printLine(line, options.json);
  }
  const { started, stopped } = await measureInBrowser({ ...options, sizes: [size] }, pytorch, (line) => {
    lines.push(line);
    printLine(line, options.json);
  });
  if (!options.json) {
    table(lines);
    for (const [backend, device] of started) process.stdout.write(`${backend}: ${device.device}\n`);
    for (const [backend, why] of stopped) process.stdout.write(`${backend}: ${why}\n`);
    process.stdout.write(
      `${sizeLabel(size.shape)}, ${size.shape.layers} layers, ${size.shape.heads} heads, batch ${size.batch}: ` +
        `${round(size.flopsPerStep / 1e9, 3)} GFLOP per training step; median of ${options.repeats} timed repeats\n`,
    );
    process.stdout.write(
      `${verdict(
        lines.find((line) => line.backend === 'wasm'),
        pytorch.get(sizeKey(size.shape)),
        options.threads,
      )}\n`,
    );
  }
  return lines.some((line) => line.backend !== 'pytorch-cpu') ? 0 : 1;
}

/** --sweep: every size on PyTorch's CPU first (so each browser line carries its ratio), then on each backend. */
export async function runTransformerSweep(options: TransformerSweepOptions): Promise<number> {
  const lines: TransformerLine[] = [];
  const emit = (line: TransformerLine) => {
    lines.push(line);
    printLine(line, options.json);
  };
  const pytorch = new Map<string, TransformerLine>();
  const missing = pytorchMissing(TRANSFORMER_REFERENCE);
  const first = options.sizes[0];
  if (missing) process.stderr.write(`bench: PyTorch reference not run: ${missing}.\n`);
  else if (first) {
    process.stderr.write(`bench: pytorch-cpu, ${options.sizes.length} size(s), ${options.threads} thread(s)…\n`);
    await runReference(
      TRANSFORMER_REFERENCE,
      [
        'sweep',
        '--sizes',
        options.sizes.map((size) => sizeKey(size.shape)).join(','),
        ...shapeArgs(first.shape, first.batch),
        '--max-seconds-per-step',
        String(options.maxSecondsPerStep),
        '--min-seconds',
        String(options.minSeconds),
        '--device',
        'cpu',
        '--threads',
        String(options.threads),
      ],
      (raw) => {
        if (raw.mode === 'sweep')
          for (const left of raw.skipped as ReferenceSkipped[])
            process.stderr.write(`bench: pytorch-cpu left out ${sizeLabel(left)}: ${left.reason}\n`);
        if (raw.mode !== 'throughput') return;
        const line = pytorchLine(raw as unknown as ReferencePoint);
        pytorch.set(sizeKey(line), line);
        emit(line);
      },
    );
  }
  const { started, stopped } = await measureInBrowser(options, pytorch, emit);
  const wasm = lines.filter((line) => line.backend === 'wasm' && line.ratio_to_pytorch !== null);
  const summary = {
    model: 'transformer',
    summary: 'wasm vs pytorch-cpu',
    threads: options.threads,
    ratios: wasm.map((line) => ({ width: line.width, context: line.context, ratio: line.ratio_to_pytorch })),
    stopped: Object.fromEntries(stopped),
  };
  if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else {
    table(lines);
    for (const [backend, device] of started) process.stdout.write(`${backend}: ${device.device}\n`);
    for (const [backend, why] of stopped) process.stdout.write(`${backend}: ${why}\n`);
    process.stdout.write(
      wasm.length > 0
        ? `WASM ÷ PyTorch, ${threadWords(options.threads)}: ${wasm.map((line) => `${sizeKey(line)} ${line.ratio_to_pytorch?.toFixed(2)}×`).join(', ')}\n`
        : 'No size was measured on both WASM and PyTorch, so there is no ratio.\n',
    );
  }
  return lines.some((line) => line.backend !== 'pytorch-cpu') ? 0 : 1;
}
