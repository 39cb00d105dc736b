/**
 * The 'crossover' experiment of the CNN lab: where does the GPU start to win?
 *
 * Every kernel a GPU backend launches costs a fixed amount of time (recording it, dispatching a shader,
 * synchronising) whatever the work inside it; the project's network at batch 64 is so small that this
 * fixed cost, not the arithmetic, sets its speed. Growing the network's width and the batch puts more
 * arithmetic into every kernel, and at some size the GPU's parallel hardware pays for its overhead:
 * that is the crossover. On a CPU backend the time grows in step with the arithmetic from the start.
 *
 * The chart is one small chart per batch size, width on the x axis and one line per backend, so each
 * line changes one thing at a time. The crossover is judged by the course's one rule
 * (labs/api/crossover.ts): the width from which a GPU backend *stays* faster than WASM, on the medians of
 * at least 3 timed repeats, never one noisy win.
 */
import type { BackendName, DeviceInfo, Lab, LineChart } from '../api';
import { isSoftwareRenderer, round } from '../api/cnn-report.ts';
import { findCrossover, MIN_WINNING_SIZES, type CrossoverOptions, type CrossoverVerdict } from '../api/crossover.ts';
import { measurePoint, MIN_POINT_REPEATS, type PointMeasurement } from './sweep-measure.ts';
import { pointLabel, sweepPoints, type SweepPoint } from './sweep-plan.ts';
import { syntheticCifar } from './synthetic.ts';
import { startBackend } from './start-backend.ts';
import { speedUpAtLargestSize } from './speed-up.ts';

export interface SweepSettings {
  backends: readonly BackendName[];
  widths: readonly number[];
  batches: readonly number[];
  /** A backend stops growing once its next step would take longer than this. Its first size is always measured. */
  maxSecondsPerStep: number;
  /** Timed work per point, all repeats together, after two untimed steps. */
  secondsPerPoint: number;
  seed: number;
  /** Timed repeats per point (their median is the point's figure); at least 3, the default. */
  repeats?: number;
}

interface BackendRun {
  backend: BackendName;
  device: DeviceInfo;
  points: PointMeasurement[];
  /** The sizes it did not measure, and why, when it stopped before the last size. */
  skipped?: { points: SweepPoint[]; because: string };
}

const isGpuBackend = (backend: BackendName) => backend === 'webgl' || backend === 'webgpu';

/** The legend's name for the mark of a GPU backend's crossover. */
const crossoverMark = (backend: BackendName) => `${backend} stays faster from here`;

function megaflops(flops: number): number {
  return round(flops / 1e6, 1);
}

/** "1,234": the log's figures with thousands separators. */
function whole(value: number): string {
  return Math.round(value).toLocaleString('en');
}

async function sweepBackend(
  lab: Lab,
  run: BackendRun,
  points: readonly SweepPoint[],
  settings: SweepSettings,
  onPoint: (point: PointMeasurement) => void,
): Promise<void> {
  // The bar counts the sizes this backend will measure: all of them until one turns out too slow, then
  // only those already measured (the rest are listed in the log with the reason).
  const progress = lab.progress({ label: `Sweep on ${run.backend}: sizes measured`, total: points.length });
  for (const [index, point] of points.entries()) {
    const previous = run.points.at(-1);
    // Time grows at most in step with the arithmetic, so the last point predicts the next one.
    const predictedSeconds = previous ? (previous.msPerStep / 1000) * (point.flopsPerStep / previous.flopsPerStep) : 0;
    if (predictedSeconds > settings.maxSecondsPerStep) {
      run.skipped = {
        points: points.slice(index),
        because: `${pointLabel(point)} would take about ${Number(predictedSeconds.toPrecision(2))} s per step, over the limit of ${settings.maxSecondsPerStep} s (MAX_SECONDS_PER_STEP)`,
      };
      progress.update(run.points.length, run.points.length);
      break;
    }
    const measured = await measurePoint(point, {
      minSeconds: settings.secondsPerPoint,
      minSteps: 1,
      maxSteps: 200,
      seed: settings.seed,
      repeats: settings.repeats,
    });
    run.points.push(measured);
    onPoint(measured);
    progress.update(run.points.length);
  }
  progress.finish();
}

/** One chart per batch size: width on the x axis, a line per backend, and a mark where a GPU stays faster. */
function batchCharts(lab: Lab, settings: SweepSettings): Map<number, LineChart> {
  const marks = settings.backends.filter(isGpuBackend).map(crossoverMark);
  return new Map(
    settings.batches.map((batch) => [
      batch,
      lab.lineChart({
        title: `Training speed by network width, batch ${batch}`,
        series: [...settings.backends, ...marks],
        marks,
        xLabel: "width (× the project network's channels), log scale",
        yLabel: 'images per second, log scale',
        xScale: 'log',
        yScale: 'log',
      }),
    ]),
  );
}

/** A backend's timings at one batch size, by width: each timed repeat's ms per step (the rule's input). */
function repeatsByWidth(points: readonly PointMeasurement[], batch: number): Map<number, number[]> {
  return new Map(points.filter((point) => point.batchSize === batch).map((point) => [point.width, point.repeatMsPerStep]));
}

/** The crossover rule along the width, at each batch size: a GPU backend's points against the WASM baseline's. */
export function crossoversByBatch(
  baseline: readonly PointMeasurement[],
  gpu: readonly PointMeasurement[],
  batches: readonly number[],
  options: CrossoverOptions = {},
): { batch: number; verdict: CrossoverVerdict }[] {
  return batches.map((batch) => ({
    batch,
    verdict: findCrossover(repeatsByWidth(baseline, batch), repeatsByWidth(gpu, batch), options),
  }));
}

export async function runSweep(lab: Lab, settings: SweepSettings): Promise<void> {
  const points = sweepPoints(settings.widths, settings.batches);
  const repeats = Math.max(MIN_POINT_REPEATS, settings.repeats ?? MIN_POINT_REPEATS);
  lab.table(
    points.map((point) => ({ size: pointLabel(point), 'training MFLOP per step': megaflops(point.flopsPerStep) })),
    {
      title:
        'The sizes to measure, smallest work first (FLOPs from the layer shapes: 2 per multiply-add, forward + both gradients)',
    },
  );
  lab.log(
    `Method: at each size, random data already on the device (so only the model's work is timed); two untimed steps ` +
      "(the first one's time, the backend's one-off costs, is reported apart), then " +
      `${repeats} timed repeats of at least ${settings.secondsPerPoint} s together, each ended by a read-back that waits for the device. ` +
      `A size's figure is the median of its repeats.`,
  );

  const charts = batchCharts(lab, settings);
  const runs: BackendRun[] = [];
  for (const backend of settings.backends) {
    const device = await startBackend(lab, backend, syntheticCifar(64, settings.seed), 64, settings.seed);
    if (!device) continue;
    const run: BackendRun = { backend, device, points: [] };
    await sweepBackend(lab, run, points, settings, (point) =>
      charts.get(point.batchSize)?.add(point.width, { [backend]: point.imagesPerSecond }),
    );
    if (run.skipped) {
      const sizes = run.skipped.points;
      lab.log(
        `${backend} skipped ${sizes.length} larger size${sizes.length === 1 ? '' : 's'} (${sizes.map(pointLabel).join('; ')}): ` +
          `${run.skipped.because}.`,
      );
    }
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
        repeats: point.repeatMsPerStep.length,
      })),
    ),
    { title: `Sweep results (first step: one-off costs, apart; ms per step: the median of ${repeats} timed repeats)` },
  );

  const baseline = runs.find((run) => run.backend === 'wasm');
  const gpuRuns = runs.filter((candidate) => isGpuBackend(candidate.backend));
  if (gpuRuns.length === 0) lab.log('No crossover to find: no GPU backend (webgl, webgpu) could start here.');
  for (const run of gpuRuns) {
    if (!baseline) {
      lab.log(`No crossover for ${run.backend}: add 'wasm' to BACKENDS for the CPU baseline.`);
      continue;
    }
    const verdicts = crossoversByBatch(baseline.points, run.points, settings.batches, {
      emulated: isSoftwareRenderer(run.device),
    });
    for (const { batch, verdict } of verdicts) {
      const from = verdict.compared.find((size) => size.size === verdict.from);
      const point = run.points.find((candidate) => candidate.batchSize === batch && candidate.width === verdict.from);
      if (from && point) charts.get(batch)?.add(from.size, { [crossoverMark(run.backend)]: point.imagesPerSecond });
    }
    lab.log(crossoverSentence(run, verdicts));
    // What the lesson's prediction prompts ask about: WebGL against the WASM baseline.
    if (run.backend === 'webgl') {
      const crossover = verdicts.find(({ verdict }) => verdict.from !== null)?.verdict.from ?? null;
      lab.measured('cnn-crossover-width', crossover, '');
      lab.measured('cnn-speedup-widest', speedUpAtLargestSize(run.points, baseline.points), '×');
    }
  }
  for (const run of runs) {
    const first = run.points[0];
    if (first) lab.log(firstStepSentence(run.backend, first));
  }
}

/** What the first step's extra time is, for this backend, or that there was none. */
function firstStepSentence(backend: BackendName, first: PointMeasurement): string {
  const said = `${backend}: the first step at ${pointLabel(first)} took ${whole(first.firstStepMs)} ms, against ${first.msPerStep >= 100 ? whole(first.msPerStep) : first.msPerStep.toFixed(1)} ms per step once warm`;
  if (first.firstStepMs <= first.msPerStep * 1.1) return `${said}: no one-off cost showed here.`;
  const cost = isGpuBackend(backend)
    ? 'compiling its shaders (one GPU program per kernel and shape) and the first allocations of GPU memory'
    : 'the first allocations and the first run of its WebAssembly code (a CPU backend compiles no shaders)';
  return `${said}: the difference is one-off, ${cost}.`;
}

function crossoverSentence(run: BackendRun, verdicts: readonly { batch: number; verdict: CrossoverVerdict }[]): string {
  // A software renderer is never credited with a crossover (labs/api/crossover.ts, `emulated`); say why.
  if (isSoftwareRenderer(run.device)) {
    return (
      `No crossover for ${run.backend}: it runs on a software renderer (${run.device.description}), which executes the "GPU" ` +
      'shaders on the CPU through an emulator, so it cannot gain on the CPU it runs on as the work grows. On a machine with a real GPU, run the sweep again.'
    );
  }
  const found = verdicts.filter(({ verdict }) => verdict.from !== null);
  if (found.length > 0) {
    return found
      .map(({ batch, verdict }) => {
        const winning = verdict.compared.filter((size) => verdict.from !== null && size.size >= verdict.from);
        const speedups = winning.map((size) => size.speedup);
        return (
          `Crossover for ${run.backend} at batch ${batch}: from width ${verdict.from} on it stays faster than the WASM baseline ` +
          `(${Math.min(...speedups).toFixed(2)}× to ${Math.max(...speedups).toFixed(2)}× its images per second). ` +
          'Below that width its fixed cost per kernel dominates.'
        );
      })
      .join('\n');
  }
  const lonelyWins = verdicts.flatMap(({ batch, verdict }) =>
    verdict.compared.filter((size) => size.candidateFaster).map((size) => `width ${size.size}, batch ${batch}`),
  );
  const largest = run.points.at(-1);
  return (
    `No crossover for ${run.backend} up to ${largest ? pointLabel(largest) : 'the first size'}: ` +
    (lonelyWins.length > 0
      ? `it was faster at ${lonelyWins.join('; ')}, but a crossover needs it to stay faster at ${MIN_WINNING_SIZES} widths or more, up to the largest. `
      : 'the WASM baseline stayed faster. ') +
    'Raise SWEEP_WIDTHS, SWEEP_BATCHES or MAX_SECONDS_PER_STEP to grow the work further.'
  );
}
