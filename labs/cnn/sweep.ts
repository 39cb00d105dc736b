/**
 * The 'crossover' experiment of the CNN lab: where does the GPU start to win?
 *
 * Every kernel a GPU backend launches costs a fixed amount of time (recording it, dispatching a shader,
 * synchronising) whatever the work inside it; the project's network at batch 64 is so small that this
 * fixed cost, not the arithmetic, sets its speed. Growing the network's width and the batch puts more
 * arithmetic into every kernel, and at some size the GPU's parallel hardware pays for its overhead:
 * that is the crossover. On a CPU backend the time grows in step with the arithmetic from the start.
 */
import type { BackendName, DeviceInfo, Lab } from '../api';
import { isSoftwareRenderer, round } from '../api/cnn-report.ts';
import { measurePoint, type PointMeasurement } from './sweep-measure.ts';
import { pointLabel, sweepPoints, type SweepPoint } from './sweep-plan.ts';
import { syntheticCifar } from './synthetic.ts';
import { startBackend } from './start-backend.ts';
import { speedUpAtLargestSize } from './speed-up.ts';

export interface SweepSettings {
  backends: readonly BackendName[];
  widths: readonly number[];
  batches: readonly number[];
  /** A backend stops growing once its next step would take longer than this. */
  maxSecondsPerStep: number;
  /** Timed work per point, after two untimed steps. */
  secondsPerPoint: number;
  seed: number;
}

interface BackendRun {
  backend: BackendName;
  device: DeviceInfo;
  points: PointMeasurement[];
  /** Why it stopped before the last size, if it did. */
  stoppedBecause?: string;
}

const isGpuBackend = (backend: BackendName) => backend === 'webgl' || backend === 'webgpu';

function megaflops(flops: number): number {
  return round(flops / 1e6, 1);
}

/** The first point (smallest work first) at which `gpu` trains more images per second than `baseline`. */
export function findCrossover(
  gpu: readonly PointMeasurement[],
  baseline: readonly PointMeasurement[],
): PointMeasurement | undefined {
  return gpu.find((point) => {
    const cpu = baseline.find((other) => other.width === point.width && other.batchSize === point.batchSize);
    return cpu !== undefined && point.imagesPerSecond > cpu.imagesPerSecond;
  });
}

async function sweepBackend(
  lab: Lab,
  backend: BackendName,
  device: DeviceInfo,
  points: readonly SweepPoint[],
  settings: SweepSettings,
  onPoint: (point: PointMeasurement) => void,
): Promise<BackendRun> {
  const run: BackendRun = { backend, device, points: [] };
  const progress = lab.progress({ label: `Sweep on ${backend}`, total: points.length });
  for (const [index, point] of points.entries()) {
    const previous = run.points.at(-1);
    // Time grows at most in step with the arithmetic, so the last point predicts the next one.
    const predictedSeconds = previous ? (previous.msPerStep / 1000) * (point.flopsPerStep / previous.flopsPerStep) : 0;
    if (predictedSeconds > settings.maxSecondsPerStep) {
      run.stoppedBecause = `${pointLabel(point)} would take about ${predictedSeconds.toFixed(1)} s per step (the limit is ${settings.maxSecondsPerStep} s)`;
      break;
    }
    const measured = await measurePoint(point, {
      minSeconds: settings.secondsPerPoint,
      minSteps: 2,
      maxSteps: 200,
      seed: settings.seed,
    });
    run.points.push(measured);
    onPoint(measured);
    progress.update(index + 1);
  }
  progress.finish();
  return run;
}

export async function runSweep(lab: Lab, settings: SweepSettings): Promise<void> {
  const points = sweepPoints(settings.widths, settings.batches);
  lab.table(
    points.map((point) => ({ size: pointLabel(point), 'training MFLOP per step': megaflops(point.flopsPerStep) })),
    {
      title:
        'The sizes to measure, smallest work first (FLOPs from the layer shapes: 2 per multiply-add, forward + both gradients)',
    },
  );
  lab.log(
    `Method: at each size, random data already on the device (so only the model's work is timed); two untimed steps ` +
      `(the first one's time, which includes shader compilation, is reported apart), then at least ${settings.secondsPerPoint} s ` +
      'of timed steps ended by a read-back that waits for the device.',
  );

  const chart = lab.lineChart({
    title: 'Training speed against the work per step',
    series: [...settings.backends, 'crossover'],
    xLabel: 'training FLOPs per step (log scale)',
    yLabel: 'images per second (log scale)',
    xScale: 'log',
    yScale: 'log',
  });
  const runs: BackendRun[] = [];
  for (const backend of settings.backends) {
    const device = await startBackend(lab, backend, syntheticCifar(64, settings.seed), 64, settings.seed);
    if (!device) continue;
    const run = await sweepBackend(lab, backend, device, points, settings, (point) =>
      chart.add(point.flopsPerStep, { [backend]: point.imagesPerSecond }),
    );
    if (run.stoppedBecause) lab.log(`${backend} stopped growing: ${run.stoppedBecause}.`);
    runs.push(run);
  }

  lab.table(
    runs.flatMap((run) =>
      run.points.map((point) => ({
        backend: run.backend,
        width: point.width,
        batch: point.batchSize,
        'MFLOP per step': megaflops(point.flopsPerStep),
        'first step (ms)': round(point.firstStepMs, 1),
        'ms per step': round(point.msPerStep, 2),
        'images/s': round(point.imagesPerSecond, 1),
        'GFLOP/s': round(point.gflopsPerSecond, 2),
      })),
    ),
    { title: 'Sweep results (first step = shader compilation and first allocations, apart from the steady state)' },
  );

  const baseline = runs.find((run) => run.backend === 'wasm');
  const gpuRuns = runs.filter((candidate) => isGpuBackend(candidate.backend));
  if (gpuRuns.length === 0) lab.log('No crossover to find: no GPU backend (webgl, webgpu) could start here.');
  for (const run of gpuRuns) {
    lab.log(crossoverSentence(run, baseline));
    const crossover = baseline ? findCrossover(run.points, baseline.points) : undefined;
    if (run.backend === 'webgl') lab.measured('cnn-crossover-width', crossover?.width ?? null, '');
    if (run.backend === 'webgl')
      lab.measured('cnn-speedup-widest', speedUpAtLargestSize(run.points, baseline?.points ?? []), '×');
    if (crossover) chart.add(crossover.flopsPerStep, { crossover: crossover.imagesPerSecond });
  }
  for (const run of runs) {
    const first = run.points[0];
    if (first) {
      lab.log(
        `${run.backend}: the first step at ${pointLabel(first)} took ${first.firstStepMs.toFixed(0)} ms against ` +
          `${first.msPerStep.toFixed(1)} ms per step once warm: that one-off cost is shader compilation and first allocations.`,
      );
    }
  }
}

function crossoverSentence(run: BackendRun, baseline: BackendRun | undefined): string {
  if (!baseline) return `No crossover for ${run.backend}: add 'wasm' to BACKENDS for the CPU baseline.`;
  const crossover = findCrossover(run.points, baseline.points);
  const software = isSoftwareRenderer(run.device);
  if (crossover) {
    const cpu = baseline.points.find((point) => point.width === crossover.width && point.batchSize === crossover.batchSize);
    const ratio = cpu ? crossover.imagesPerSecond / cpu.imagesPerSecond : Number.NaN;
    return (
      `Crossover for ${run.backend}: from ${pointLabel(crossover)} (${megaflops(crossover.flopsPerStep)} MFLOP per step) it trains ` +
      `${ratio.toFixed(2)}× as many images per second as the WASM baseline. Below that size its fixed cost per kernel dominates.`
    );
  }
  if (software) {
    return (
      `No crossover for ${run.backend}: it runs on a software renderer (${run.device.description}), which executes the "GPU" ` +
      'shaders on the CPU through an emulator, so it can never beat the CPU it runs on. On a machine with a real GPU, run the sweep again.'
    );
  }
  const largest = run.points.at(-1);
  return (
    `No crossover for ${run.backend} up to ${largest ? pointLabel(largest) : 'the first size'}: the WASM baseline stayed faster. ` +
    'Raise SWEEP_WIDTHS, SWEEP_BATCHES or MAX_SECONDS_PER_STEP to grow the work further.'
  );
}
