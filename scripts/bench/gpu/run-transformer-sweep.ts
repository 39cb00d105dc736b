/**
 * `npm run bench:gpu -- --model transformer`: the transformer lab's sweep sizes (scripts/bench/transformer-plan.ts)
 * on tfjs's WebGPU backend (Dawn in Node) and WASM backend, timed by the lab's own measurePoint
 * (labs/transformer/measure.ts), and on the PyTorch twin (scripts/pytorch/transformer_reference.py, CUDA when
 * torch sees a GPU). The run goes as the CNN's (run-sweep.ts): PyTorch first, so each tfjs line carries its
 * ratio; each backend checked against the CPU backend on one small training step; then the sizes, smallest
 * FLOPs per step first, with the same two limits: --max-seconds-per-step, extrapolated from the last size on
 * the same line of the sweep (transformer-plan.ts), and --time-budget.
 */
import * as tf from '@tensorflow/tfjs';
import { measurePoint, type TransformerPoint } from '../../../labs/transformer/measure.ts';
import { causalMask, createTransformer, disposeTransformer } from '../../../labs/transformer/model.ts';
import { createOptimizer, trainStep } from '../../../labs/transformer/train.ts';
import { estimatedStepMs, isReferencePoint, lastOnLine, sizeKey, sizeLabel, type TransformerSize } from '../transformer-plan.ts';
import { summariseTransformer } from './crossover.ts';
import { pytorchUnavailable, runPythonLines } from './pytorch-sweep.ts';
import {
  round,
  type BenchGpuRecord,
  type TfjsBackend,
  type TransformerPointRecord,
  type TransformerSummaryRecord,
} from './records.ts';
import type { SweepRunOptions } from './run-sweep.ts';
import { startBackend, type StartedBackend } from './tfjs-backends.ts';

/** The transformer's sweep: the sizes of its width and context lines. */
export interface TransformerGpuOptions extends SweepRunOptions {
  sizes: TransformerSize[];
}

export interface TransformerGpuOutcome {
  summary: TransformerSummaryRecord;
  failedBackends: { backend: TfjsBackend; error: string }[];
  pytorchProblem: string | null;
}

/** The correctness check's model and batch: small enough for a software GPU in every run. */
export const TRANSFORMER_CHECK = {
  shape: { vocabulary: 65, width: 16, context: 8, layers: 1, heads: 2 },
  batch: 2,
  seed: 42,
} as const;

/** The loss of one training step at the check size on the active backend (weights and characters from seeded generators in JavaScript). */
export async function transformerCheckLoss(): Promise<number> {
  const { shape, batch, seed } = TRANSFORMER_CHECK;
  const model = createTransformer(shape, seed);
  const optimizer = createOptimizer(1e-3);
  const mask = causalMask(shape.context);
  const [inputs, targets] = [seed, seed + 1].map((drawSeed) =>
    tf.randomUniform<tf.Rank.R2>([batch, shape.context], 0, shape.vocabulary, 'int32', drawSeed),
  );
  try {
    const loss = trainStep(model, optimizer, inputs, targets, mask);
    const value = (await loss.data())[0];
    loss.dispose();
    return value;
  } finally {
    tf.dispose([mask, inputs, targets]);
    optimizer.dispose();
    disposeTransformer(model);
  }
}

function pointRecord(
  backend: TransformerPointRecord['backend'],
  device: string,
  point: Pick<
    TransformerPoint,
    'shape' | 'flopsPerStep' | 'firstStepMs' | 'msPerStep' | 'steps' | 'tokensPerSecond' | 'gflopsPerSecond'
  > & {
    batch: number;
  },
  pytorch: TransformerPointRecord | undefined,
): TransformerPointRecord {
  const tokensPerSecond = round(point.tokensPerSecond, 1);
  return {
    record: 'transformer-point',
    backend,
    device,
    ...point.shape,
    batch: point.batch,
    flops_per_step: point.flopsPerStep,
    first_step_ms: round(point.firstStepMs, 1),
    ms_per_step: round(point.msPerStep, 3),
    steps: point.steps,
    tokens_per_second: tokensPerSecond,
    gflops_per_second: round(point.gflopsPerSecond, 3),
    // From the rounded figures both lines print, so the ratio is the one a reader computes (and the summary's).
    ratio_to_pytorch: pytorch ? round(tokensPerSecond / pytorch.tokens_per_second, 4) : null,
  };
}

export async function runTransformerGpuSweep(
  options: TransformerGpuOptions,
  emit: (record: BenchGpuRecord) => void,
  log: (line: string) => void,
): Promise<TransformerGpuOutcome> {
  const deadline = performance.now() + options.timeBudgetSeconds * 1000;
  const { sizes } = options;
  const allPoints: TransformerPointRecord[] = [];
  const skip = (backend: string, size: TransformerSize, reason: string) =>
    emit({
      record: 'transformer-skipped',
      backend,
      width: size.shape.width,
      context: size.shape.context,
      batch: size.batch,
      flops_per_step: size.flopsPerStep,
      reason,
    });

  // PyTorch first.
  const pytorchPoints = new Map<string, TransformerPointRecord>();
  let pytorchBackend: string | null = null;
  let pytorchProblem: string | null;
  const first = sizes[0];
  if (options.pytorch === 'none') pytorchProblem = '--pytorch none';
  else if (!first) pytorchProblem = 'no size to measure';
  else {
    pytorchProblem = pytorchUnavailable(options.python, options.pytorchScript);
    if (pytorchProblem) log(`pytorch: skipped: ${pytorchProblem}`);
    else {
      log(`pytorch: sweeping ${sizes.length} size(s) on --device ${options.pytorch}…`);
      /** Why the reference left each size out, from its last line. */
      const reasons = new Map<string, string>();
      const args = [
        options.pytorchScript,
        'sweep',
        '--sizes',
        sizes.map((size) => sizeKey(size.shape)).join(','),
        ...[
          '--vocabulary',
          first.shape.vocabulary,
          '--layers',
          first.shape.layers,
          '--heads',
          first.shape.heads,
          '--batch',
          first.batch,
        ].map(String),
        ...['--max-seconds-per-step', options.maxSecondsPerStep, '--min-seconds', options.minSeconds].map(String),
        ...['--device', options.pytorch, '--threads', options.pytorchThreads].map(String),
      ];
      pytorchProblem = await runPythonLines(
        options.python,
        args,
        Math.max(10_000, (options.timeBudgetSeconds * 1000) / 4),
        (line) => {
          const sweep = line as { mode?: string; skipped?: { width: number; context: number; reason: string }[] } | null;
          if (sweep?.mode === 'sweep') for (const left of sweep.skipped ?? []) reasons.set(sizeKey(left), left.reason);
          if (!isReferencePoint(line)) return;
          pytorchBackend = `pytorch-${line.device}`;
          const record = pointRecord(
            `pytorch-${line.device}`,
            line.deviceName,
            {
              ...line,
              shape: {
                vocabulary: line.vocabulary,
                width: line.width,
                context: line.context,
                layers: line.layers,
                heads: line.heads,
              },
            },
            undefined,
          );
          record.ratio_to_pytorch = 1;
          record.threads = line.threads;
          pytorchPoints.set(sizeKey(line), record);
          allPoints.push(record);
          emit(record);
        },
      );
      for (const size of sizes)
        if (!pytorchPoints.has(sizeKey(size.shape)))
          skip(
            pytorchBackend ?? `pytorch-${options.pytorch}`,
            size,
            reasons.get(sizeKey(size.shape)) ?? pytorchProblem ?? 'not measured by the PyTorch reference',
          );
      if (pytorchProblem) log(`pytorch: ${pytorchProblem}`);
    }
  }

  // Then the tfjs backends, each checked against the CPU backend first.
  const ready = new Map<TfjsBackend, StartedBackend>();
  const failedBackends: TransformerGpuOutcome['failedBackends'] = [];
  for (const backend of options.backends) {
    log(`${backend}: starting, and checking one transformer training step against the CPU backend…`);
    const started = await startBackend(backend, options.webgpu, transformerCheckLoss);
    emit(started.record);
    if (started.record.error) {
      failedBackends.push({ backend, error: started.record.error });
      log(`${backend}: cannot run: ${started.record.error}`);
    } else ready.set(backend, started);
  }
  const software = ready.get('webgpu')?.record.adapter?.software ?? null;

  const measuredOn = new Map<TfjsBackend, TransformerPoint[]>([...ready.keys()].map((backend) => [backend, []]));
  for (const size of sizes) {
    for (const [backend, started] of ready) {
      const points = measuredOn.get(backend) ?? [];
      const previous = lastOnLine(points, size);
      const estimateMs = estimatedStepMs(previous, size);
      if (previous && estimateMs > options.maxSecondsPerStep * 1000) {
        skip(
          backend,
          size,
          `a step would take about ${round(estimateMs / 1000, 2)} s (extrapolated from ${sizeLabel(previous.shape)}), over --max-seconds-per-step ${options.maxSecondsPerStep}`,
        );
        continue;
      }
      // A size runs a first step, a second one and then 3 repeats of at least minSteps timed steps.
      if (performance.now() + estimateMs * (3 * options.minSteps + 2) > deadline) {
        skip(backend, size, `over --time-budget ${options.timeBudgetSeconds} s`);
        continue;
      }
      log(`${backend}: ${sizeLabel(size.shape)}…`);
      await tf.setBackend(backend);
      const tensorsBefore = tf.memory().numTensors;
      try {
        const point = await measurePoint(size.shape, size.batch, {
          minSeconds: options.minSeconds,
          minSteps: options.minSteps,
          maxSteps: options.maxSteps,
          repeats: 3,
          seed: options.seed,
        });
        const deviceErrors = started.takeDeviceErrors();
        if (deviceErrors.length > 0) throw new Error(`the WebGPU device reported: ${deviceErrors.join('; ')}`);
        const record = pointRecord(
          backend,
          started.record.device,
          { ...point, batch: point.batchSize },
          pytorchPoints.get(sizeKey(size.shape)),
        );
        record.leaked_tensors = tf.memory().numTensors - tensorsBefore;
        if (backend === 'wasm') record.threads = started.record.threads;
        if (backend === 'webgpu') record.software_adapter = software;
        points.push(point);
        allPoints.push(record);
        emit(record);
      } catch (error) {
        skip(backend, size, `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
  }

  const summary = summariseTransformer(allPoints, pytorchBackend, software);
  emit(summary);
  return { summary, failedBackends, pytorchProblem };
}
