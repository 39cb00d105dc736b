/**
 * The transformer lab's 'sweep': where does the GPU's lead come from, and how does it grow?
 *
 * Two lines of sizes from the default model: the width grows (64 → 512, context fixed), which multiplies
 * the wide products' work by width² and gives each kernel more to do; then the context grows (64 → 512,
 * width fixed), which grows attention's work with context². At every size each backend's training speed
 * is measured (labs/transformer/measure.ts: the median of at least 3 timed repeats), and the GPU's lead
 * over WASM is drawn as it grows. Where a GPU backend *stays* faster is judged by the course's one rule
 * (labs/api/crossover.ts), as in the CNN lab's sweep.
 *
 * A backend stops growing once its next step would take longer than maxSecondsPerStep, or once the size
 * would need more tensor memory than memoryLimitMB: both are said, with the sizes left out.
 */
import type { BackendName, DeviceInfo, Lab, LineChart, VerdictOptions } from '../api';
import { findCrossover, MIN_WINNING_SIZES, type CrossoverVerdict } from '../api/crossover.ts';
import { count, counted } from '../api/words.ts';
import { trainingFlops } from './flops.ts';
import { measurePoint, MIN_POINT_REPEATS, type TransformerPoint } from './measure.ts';
import { parameterCount, type TransformerShape } from './model.ts';

export interface SweepSettings {
  backends: readonly BackendName[];
  /** The model the sweep grows from: layers, heads, and the width and context held fixed on the other line. */
  model: Omit<TransformerShape, 'vocabulary'>;
  vocabulary: number;
  widths: readonly number[];
  contexts: readonly number[];
  batchSize: number;
  maxSecondsPerStep: number;
  /** Timed work per size, all repeats together, after two untimed steps. */
  secondsPerPoint: number;
  memoryLimitMB: number;
  seed: number;
}

/** Which way a line of sizes grows. */
export type Growth = 'width' | 'context';

export interface SweepSize {
  growth: Growth;
  /** The width or the context, whichever grows. */
  size: number;
  shape: TransformerShape;
}

interface BackendRun {
  backend: BackendName;
  device: DeviceInfo;
  points: Map<Growth, TransformerPoint[]>;
}

const GROWTHS: readonly Growth[] = ['width', 'context'];
const isGpuBackend = (backend: BackendName) => backend === 'webgl' || backend === 'webgpu';

/** The sizes of one line, smallest first. */
export function sweepSizes(settings: SweepSettings, growth: Growth): SweepSize[] {
  const values = growth === 'width' ? settings.widths : settings.contexts;
  return [...values]
    .sort((a, b) => a - b)
    .map((size) => ({
      growth,
      size,
      shape: { ...settings.model, vocabulary: settings.vocabulary, [growth]: size },
    }));
}

/**
 * Tensor memory a training step holds at its peak, roughly: the weights with their gradients and Adam's two
 * moments, and for each layer the activations kept for the backward pass (about 20 numbers per position and
 * width unit, and 4 attention maps of context² per head), all float32.
 */
export function estimatedStepBytes(shape: TransformerShape, batchSize: number): number {
  const positions = batchSize * shape.context;
  const perLayer = 20 * positions * shape.width + 4 * batchSize * shape.heads * shape.context * shape.context;
  const floats = 4 * parameterCount(shape) + shape.layers * perLayer + 3 * positions * shape.vocabulary;
  return 4 * floats;
}

function sizeWords(size: SweepSize): string {
  return `width ${size.shape.width}, context ${size.shape.context}`;
}

async function sweepLine(lab: Lab, run: BackendRun, growth: Growth, settings: SweepSettings, chart: LineChart): Promise<void> {
  const sizes = sweepSizes(settings, growth);
  const points: TransformerPoint[] = [];
  run.points.set(growth, points);
  const progress = lab.progress({ label: `${run.backend}, growing the ${growth}: sizes measured`, total: sizes.length });
  for (const [index, size] of sizes.entries()) {
    const flops = trainingFlops(size.shape, settings.batchSize).total;
    const previous = points.at(-1);
    // Time grows at most in step with the arithmetic, so the last size predicts the next one.
    const predictedSeconds = previous ? (previous.msPerStep / 1000) * (flops / previous.flopsPerStep) : 0;
    const megabytes = estimatedStepBytes(size.shape, settings.batchSize) / 1024 ** 2;
    const stopBecause =
      predictedSeconds > settings.maxSecondsPerStep
        ? `a step would take about ${Number(predictedSeconds.toPrecision(2))} s, over MAX_SECONDS_PER_STEP (${settings.maxSecondsPerStep} s)`
        : megabytes > settings.memoryLimitMB
          ? `a step would hold about ${count(megabytes)} MB of tensors, over MEMORY_LIMIT_MB (${settings.memoryLimitMB})`
          : undefined;
    if (stopBecause) {
      const left = sizes.slice(index).map((skipped) => skipped.size);
      lab.log(
        `${run.backend} stops growing the ${growth} at ${sizes[index - 1]?.size ?? 'its first size'}: at ${sizeWords(size)} ${stopBecause}. Left out: ${growth} ${left.join(', ')}.`,
      );
      progress.update(points.length, points.length);
      break;
    }
    const point = await measurePoint(size.shape, settings.batchSize, {
      minSeconds: settings.secondsPerPoint,
      minSteps: 1,
      maxSteps: 100,
      repeats: MIN_POINT_REPEATS,
      seed: settings.seed,
    });
    points.push(point);
    chart.add(size.size, { [run.backend]: point.tokensPerSecond });
    progress.update(points.length);
  }
  progress.finish();
}

function repeatsBySize(points: readonly TransformerPoint[], growth: Growth): Map<number, number[]> {
  return new Map(points.map((point) => [point.shape[growth], point.repeatMsPerStep]));
}

/** The GPU run's lead over the baseline at each size both measured: baseline ms per step ÷ GPU ms per step. */
export function leads(verdict: CrossoverVerdict): { size: number; lead: number }[] {
  return verdict.compared.map((size) => ({ size: size.size, lead: size.speedup }));
}

/** What a GPU backend's line of sizes showed against WASM, said for a software renderer as what it is. */
export function crossoverSentence(
  run: Pick<BackendRun, 'backend' | 'device'>,
  growth: Growth,
  verdict: CrossoverVerdict,
): string {
  const line = `${run.backend}, growing the ${growth}`;
  const wins = verdict.compared.filter((size) => size.candidateFaster);
  if (run.device.softwareRenderer) {
    const emulator =
      `it runs on a software renderer (${run.device.description}), which executes the "GPU" shaders on this CPU ` +
      'through an emulator, so it cannot gain on the CPU it runs on as the work grows.';
    const edge =
      wins.length > 0
        ? ` It was faster at ${growth} ${wins.map((size) => size.size).join(', ')} all the same: at sizes this small both backends ` +
          'wait on fixed costs per kernel, not on arithmetic, and that says nothing about a GPU.'
        : '';
    return `${line}: no GPU lead to measure, as ${emulator}${edge} On a machine with a real GPU, run the sweep again.`;
  }
  if (verdict.from !== null) {
    const winning = verdict.compared.filter((size) => size.size >= (verdict.from ?? Infinity)).map((size) => size.speedup);
    return (
      `${line}: from ${growth} ${verdict.from} on it stays faster than WASM ` +
      `(${Math.min(...winning).toFixed(2)}× to ${Math.max(...winning).toFixed(2)}× its characters per second).`
    );
  }
  return (
    `${line}: no crossover up to ${growth} ${verdict.compared.at(-1)?.size ?? '(none compared)'}` +
    (wins.length > 0
      ? `: it won at ${growth} ${wins.map((size) => size.size).join(', ')}, but a crossover needs ${MIN_WINNING_SIZES} or more winning sizes up to the largest.`
      : ': WASM stayed faster. Its fixed cost per kernel still outweighs the arithmetic at these sizes.')
  );
}

export async function runSweep(lab: Lab, settings: SweepSettings): Promise<void> {
  lab.stage('Plan', 'the sizes and their arithmetic');
  lab.table(
    GROWTHS.flatMap((growth) =>
      sweepSizes(settings, growth).map((size) => {
        const flops = trainingFlops(size.shape, settings.batchSize);
        return {
          growing: growth,
          width: size.shape.width,
          context: size.shape.context,
          'GFLOP per step': Number((flops.total / 1e9).toFixed(2)),
          'attention share (%)': Math.round((100 * flops.attention) / flops.total),
          'tensors (MB, est.)': Math.round(estimatedStepBytes(size.shape, settings.batchSize) / 1024 ** 2),
        };
      }),
    ),
    {
      title: `The sizes to measure, batch ${settings.batchSize}, ${settings.model.layers} layers (FLOPs from the shapes: forward and both gradients)`,
    },
  );
  lab.log(
    `Method: random characters already on the device; two untimed steps, then ${MIN_POINT_REPEATS} timed repeats of at least ` +
      `${settings.secondsPerPoint} s together, each ended by a read-back that waits for the device. A size's figure is their median.`,
  );
  const speedCharts = new Map(
    GROWTHS.map((growth) => [
      growth,
      lab.lineChart({
        title: `Training speed as the ${growth} grows`,
        series: [...settings.backends],
        xLabel: `${growth}, log scale`,
        yLabel: 'characters per second, log scale',
        xScale: 'log',
        yScale: 'log',
      }),
    ]),
  );
  const runs: BackendRun[] = [];
  for (const backend of settings.backends) {
    lab.stage(
      `Sweep on ${backend}`,
      `${counted(settings.widths.length + settings.contexts.length, 'size')}, at most ${settings.maxSecondsPerStep} s a step`,
    );
    let device: DeviceInfo;
    try {
      device = await lab.useBackend(backend);
    } catch (error) {
      lab.log(`Skipping ${backend}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    lab.log(`${backend} runs on ${device.description}.`);
    const run: BackendRun = { backend, device, points: new Map() };
    for (const growth of GROWTHS) await sweepLine(lab, run, growth, settings, speedCharts.get(growth)!);
    runs.push(run);
  }

  lab.stage('Results', 'the lead of each GPU backend over WASM');
  lab.table(
    runs.flatMap((run) =>
      GROWTHS.flatMap((growth) =>
        (run.points.get(growth) ?? []).map((point) => ({
          backend: run.backend,
          growing: growth,
          width: point.shape.width,
          context: point.shape.context,
          'first step (ms)': Math.round(point.firstStepMs),
          'ms per step': Number(point.msPerStep.toFixed(1)),
          'characters/s': Math.round(point.tokensPerSecond),
          'GFLOP/s': Number(point.gflopsPerSecond.toFixed(2)),
        })),
      ),
    ),
    { title: `Sweep results (ms per step: the median of ${MIN_POINT_REPEATS} timed repeats; first step: one-off costs)` },
  );
  const baseline = runs.find((run) => run.backend === 'wasm');
  const gpuRuns = runs.filter((run) => isGpuBackend(run.backend));
  if (gpuRuns.length === 0) lab.log('No lead to measure: no GPU backend (webgl, webgpu) could start here.');
  if (!baseline && gpuRuns.length > 0) lab.log("No lead to measure: add 'wasm' to BACKENDS for the CPU baseline.");
  let largestLead: number | null = null;
  const widthLeads: { backend: BackendName; first: number; last: number; at: number }[] = [];
  if (baseline && gpuRuns.length > 0) {
    const leadChart = lab.lineChart({
      title: "The GPU's lead over WASM as the model grows (1 = as fast)",
      series: gpuRuns.flatMap((run) => GROWTHS.map((growth) => `${run.backend}, growing the ${growth}`)),
      xLabel: 'width or context, log scale',
      yLabel: '× the WASM speed, log scale',
      xScale: 'log',
      yScale: 'log',
    });
    for (const run of gpuRuns) {
      for (const growth of GROWTHS) {
        const verdict = findCrossover(
          repeatsBySize(baseline.points.get(growth) ?? [], growth),
          repeatsBySize(run.points.get(growth) ?? [], growth),
          { emulated: run.device.softwareRenderer },
        );
        for (const { size, lead } of leads(verdict)) leadChart.add(size, { [`${run.backend}, growing the ${growth}`]: lead });
        lab.log(crossoverSentence(run, growth, verdict));
        // The prediction asks for the lead at the largest width both measured.
        const largest = verdict.compared.at(-1);
        if (growth === 'width' && largest) {
          widthLeads.push({ backend: run.backend, first: verdict.compared[0].speedup, last: largest.speedup, at: largest.size });
          if (largestLead === null || largest.speedup > largestLead) largestLead = largest.speedup;
        }
      }
    }
  }
  lab.measured('transformer-gpu-lead', largestLead === null ? null : Number(largestLead.toFixed(2)), '×');
  lab.verdict(sweepVerdict(widthLeads, runs));
}

/** The sweep's finding: how each GPU backend's lead over WASM changed as the width grew. */
export function sweepVerdict(
  widthLeads: readonly { backend: BackendName; first: number; last: number; at: number }[],
  runs: readonly { backend: BackendName; device: DeviceInfo }[],
): VerdictOptions {
  const chart = {
    title: "The GPU's lead over WASM at the largest width both measured (× its characters per second)",
    bars: Object.fromEntries(widthLeads.map((lead) => [`${lead.backend}, width ${lead.at}`, Number(lead.last.toFixed(2))])),
    unit: '×',
  };
  if (widthLeads.length === 0) return { text: 'No GPU backend was compared with WASM, so there is no lead to report.', chart };
  const best = widthLeads.reduce((top, lead) => (lead.last > top.last ? lead : top));
  const software = runs.find((run) => run.backend === best.backend)?.device.softwareRenderer;
  const trend = best.last > best.first ? 'grew' : 'did not grow';
  return {
    text:
      `${best.backend}'s lead over WASM ${trend} with the width, from ${best.first.toFixed(2)}× at the smallest to ${best.last.toFixed(2)}× at width ${best.at}` +
      (software ? ', on a software renderer: an emulator on this CPU, so no real GPU took part.' : '.'),
    chart,
  };
}
