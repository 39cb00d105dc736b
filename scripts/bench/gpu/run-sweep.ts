/**
 * The GPU benchmark's run: PyTorch over the whole sweep first (so every tfjs line can carry its ratio),
 * then each size on every tfjs backend in turn, smallest FLOPs per step first, then the summary.
 *
 * Two limits keep a run bounded on any machine: a backend stops at the first size whose step it expects
 * to take longer than `maxSecondsPerStep` (extrapolated from its last measured size at the same GFLOP/s,
 * which errs on the slow side, since bigger sizes usually run at a higher rate), and nothing new starts
 * once `timeBudgetSeconds` has gone by (PyTorch gets at most a quarter of it).
 */
import * as tf from '@tensorflow/tfjs';
import { measurePoint, type PointMeasurement } from '../../../labs/cnn/sweep-measure.ts';
import { pointLabel, sweepPoints, type SweepPoint } from '../../../labs/cnn/sweep-plan.ts';
import { summarise } from './crossover.ts';
import { pytorchUnavailable, runPytorchSweep, type PytorchDevice, type PytorchPoint } from './pytorch-sweep.ts';
import { round, type BenchGpuRecord, type PointRecord, type SummaryRecord, type TfjsBackend } from './records.ts';
import { startBackend, type StartedBackend } from './tfjs-backends.ts';
import type { WebGpuOptions } from './webgpu-node.ts';

/** What both models' sweeps take alike: the backends, the timing limits, PyTorch and Dawn. */
export interface SweepRunOptions {
  backends: TfjsBackend[];
  /** Timed steps per point: at least `minSeconds` of work, between `minSteps` and `maxSteps` steps. */
  minSeconds: number;
  minSteps: number;
  maxSteps: number;
  maxSecondsPerStep: number;
  timeBudgetSeconds: number;
  pytorch: PytorchDevice | 'none';
  python: string;
  pytorchScript: string;
  /** torch.set_num_threads for a CPU run. */
  pytorchThreads: number;
  webgpu: WebGpuOptions;
  seed: number;
}

/** The CNN's sweep: every width with every batch size. */
export interface BenchGpuOptions extends SweepRunOptions {
  widths: number[];
  batches: number[];
}

export interface BenchGpuOutcome {
  summary: SummaryRecord;
  /** Backends that could not start, with why. */
  failedBackends: { backend: TfjsBackend; error: string }[];
  /** Why PyTorch did not run or stopped early, if it did. */
  pytorchProblem: string | null;
}

const key = (point: { width: number; batch: number }) => `${point.width}x${point.batch}`;

function pointRecord(
  backend: PointRecord['backend'],
  device: string,
  measured: Omit<PointMeasurement, 'batchSize'> & { batch: number },
  pytorch: PytorchPoint | undefined,
): PointRecord {
  const imagesPerSecond = round(measured.imagesPerSecond, 1);
  return {
    record: 'point',
    backend,
    device,
    width: measured.width,
    batch: measured.batch,
    flops_per_step: measured.flopsPerStep,
    first_step_ms: round(measured.firstStepMs, 1),
    ms_per_step: round(measured.msPerStep, 3),
    steps: measured.steps,
    images_per_second: imagesPerSecond,
    gflops_per_second: round(measured.gflopsPerSecond, 3),
    // From the rounded figures both lines print, so the ratio is the one a reader computes (and the summary's).
    ratio_to_pytorch: pytorch ? round(imagesPerSecond / round(pytorch.images_per_second, 1), 4) : null,
  };
}

export async function runBenchGpu(
  options: BenchGpuOptions,
  emit: (record: BenchGpuRecord) => void,
  log: (line: string) => void,
): Promise<BenchGpuOutcome> {
  const started = performance.now();
  const deadline = started + options.timeBudgetSeconds * 1000;
  const points = sweepPoints(options.widths, options.batches);
  const allPoints: PointRecord[] = [];

  // PyTorch first.
  const pytorchPoints = new Map<string, PytorchPoint>();
  let pytorchBackend: string | null = null;
  let pytorchProblem: string | null;
  if (options.pytorch === 'none') {
    pytorchProblem = '--pytorch none';
  } else {
    pytorchProblem = pytorchUnavailable(options.python, options.pytorchScript);
    if (pytorchProblem) {
      log(`pytorch: skipped: ${pytorchProblem}`);
    } else {
      log(`pytorch: sweeping ${points.length} size(s) on --device ${options.pytorch}…`);
      const result = await runPytorchSweep({
        python: options.python,
        script: options.pytorchScript,
        device: options.pytorch,
        widths: options.widths,
        batches: options.batches,
        maxSecondsPerStep: options.maxSecondsPerStep,
        minSeconds: options.minSeconds,
        threads: options.pytorchThreads,
        timeoutMs: Math.max(10_000, (options.timeBudgetSeconds * 1000) / 4),
        onPoint: (point) => {
          pytorchPoints.set(key(point), point);
          pytorchBackend = `pytorch-${point.device}`;
          const record: PointRecord = {
            record: 'point',
            backend: `pytorch-${point.device}`,
            device: point.device_name,
            width: point.width,
            batch: point.batch,
            flops_per_step: point.flops_per_step,
            first_step_ms: round(point.first_step_ms, 1),
            ms_per_step: round(point.ms_per_step, 3),
            steps: point.steps ?? 0,
            images_per_second: round(point.images_per_second, 1),
            gflops_per_second: round(point.gflops_per_second, 3),
            ratio_to_pytorch: 1,
            threads: point.threads,
          };
          allPoints.push(record);
          emit(record);
        },
      });
      for (const skipped of result.skipped) {
        emit({
          record: 'skipped',
          backend: pytorchBackend ?? `pytorch-${options.pytorch}`,
          width: skipped.width,
          batch: skipped.batch,
          flops_per_step: points.find((p) => p.width === skipped.width && p.batchSize === skipped.batch)?.flopsPerStep ?? 0,
          reason: skipped.reason,
        });
      }
      if (result.error) {
        pytorchProblem = result.error;
        log(`pytorch: ${result.error}`);
      }
    }
  }

  // Then the tfjs backends, each checked against the CPU backend first.
  const ready = new Map<TfjsBackend, StartedBackend>();
  const failedBackends: BenchGpuOutcome['failedBackends'] = [];
  for (const backend of options.backends) {
    log(`${backend}: starting, and checking one training step against the CPU backend…`);
    const startedBackend = await startBackend(backend, options.webgpu);
    emit(startedBackend.record);
    if (startedBackend.record.error) {
      failedBackends.push({ backend, error: startedBackend.record.error });
      log(`${backend}: cannot run: ${startedBackend.record.error}`);
    } else {
      ready.set(backend, startedBackend);
    }
  }
  const software = ready.get('webgpu')?.record.adapter?.software ?? null;

  const last = new Map<TfjsBackend, PointMeasurement>();
  const stopped = new Map<TfjsBackend, string>();
  const skip = (backend: TfjsBackend, point: SweepPoint, reason: string) =>
    emit({ record: 'skipped', backend, width: point.width, batch: point.batchSize, flops_per_step: point.flopsPerStep, reason });

  for (const point of points) {
    for (const [backend, startedBackend] of ready) {
      const previous = last.get(backend);
      const estimateMs = previous ? previous.msPerStep * (point.flopsPerStep / previous.flopsPerStep) : 0;
      if (stopped.has(backend)) {
        skip(backend, point, stopped.get(backend) as string);
        continue;
      }
      if (estimateMs > options.maxSecondsPerStep * 1000) {
        stopped.set(
          backend,
          `stopped at ${pointLabel(point)}, where a step would take about ${round(estimateMs / 1000, 1)} s (extrapolated from ${pointLabel(previous as PointMeasurement)}), over --max-seconds-per-step ${options.maxSecondsPerStep}`,
        );
        skip(backend, point, stopped.get(backend) as string);
        continue;
      }
      // A point runs a first step, a second one and then at least minSteps timed steps.
      if (performance.now() + estimateMs * (options.minSteps + 2) > deadline) {
        skip(backend, point, `over --time-budget ${options.timeBudgetSeconds} s`);
        continue;
      }
      log(`${backend}: ${pointLabel(point)}…`);
      await tf.setBackend(backend);
      const tensorsBefore = tf.memory().numTensors;
      try {
        const measured = await measurePoint(point, {
          minSeconds: options.minSeconds,
          minSteps: options.minSteps,
          maxSteps: options.maxSteps,
          seed: options.seed,
        });
        const deviceErrors = startedBackend.takeDeviceErrors();
        if (deviceErrors.length > 0) throw new Error(`the WebGPU device reported: ${deviceErrors.join('; ')}`);
        const record = pointRecord(
          backend,
          startedBackend.record.device,
          { ...measured, batch: measured.batchSize },
          pytorchPoints.get(key({ width: point.width, batch: point.batchSize })),
        );
        record.leaked_tensors = tf.memory().numTensors - tensorsBefore;
        if (backend === 'wasm') record.threads = startedBackend.record.threads;
        if (backend === 'webgpu') record.software_adapter = software;
        last.set(backend, measured);
        allPoints.push(record);
        emit(record);
      } catch (error) {
        skip(backend, point, `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      }
    }
  }

  const summary = summarise(allPoints, pytorchBackend, software);
  emit(summary);
  return { summary, failedBackends, pytorchProblem };
}
