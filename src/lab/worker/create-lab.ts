/**
 * The implementation of the lab API (labs/api/index.ts). It knows nothing about pages or workers:
 * every call becomes a `LabOutput` handed to `emit`. The worker's `emit` posts it to the page, a test's
 * `emit` pushes it into an array, a benchmark's prints it. That is what lets one lab program run
 * unchanged in all three places.
 */
import * as tf from '@tensorflow/tfjs';
import type {
  BackendName,
  BarChartOptions,
  DeviceInfo,
  Lab,
  LineChart,
  LineChartOptions,
  MemoryReport,
  Progress,
  ProgressOptions,
  Stage,
  TableOptions,
  TableRow,
  Cell,
  TimedResult,
  TimeOptions,
  Timing,
  VerdictOptions,
} from '../../../labs/api/index.ts';
import { median } from '../../../labs/api/median.ts';
import { cpuDescription, logicalCores, runsOnSoftwareRenderer } from '../shared/device-description.ts';
import { decodeImagesWith, fetchDataWith, type DataHost } from './lab-data.ts';
import type { LabOutput } from '../outputs/index.ts';
import { measuredIdPattern } from '../outputs/measured-event.ts';
import type { BarChartOutput } from '../outputs/bar-chart.ts';
import { formatLogLine, formatValue } from './format-value.ts';
import { cutText, outputLimits } from '../shared/output-limit.ts';
import { openResultsStore } from '../shared/results-store.ts';
import { safeDownloadType } from '../shared/download-types.ts';

export type EmitOutput = (output: LabOutput) => void;

/** What the host knows about where the program runs. */
export interface LabContext {
  /** The backend that was asked for; `tf.getBackend()` says which one runs. */
  requested: BackendName;
  /** A human description of the device, e.g. the GPU's name. */
  description: string;
  /**
   * Starts backend `name` for `lab.useBackend` and describes the device it got; throws when it cannot
   * start. The worker passes one that loads and sets up backends as the picker does; without one,
   * only backends already registered with TensorFlow.js (in Node: cpu) can start.
   */
  switchBackend?: (name: BackendName) => Promise<string>;
  /**
   * Where `lab.fetchData` reads files and how `lab.decodeImages` decodes them: the worker's reads the
   * site's data/ folder and decodes with the browser; Node's reads public/data/ (scripts/lib/node-data-host.ts).
   * Without one, both reject and say so.
   */
  data?: DataHost;
}

/** A download travels to the page as one message: keep it well below what postMessage handles with ease. */
const maxDownloadChars = outputLimits.downloadChars;

/** A title, label or name as the page shows it: text, cut to the page's limit. */
function label(value: unknown): string {
  return cutText(String(value), outputLimits.labelChars);
}

function optionalLabel(value: unknown): string | undefined {
  return value === undefined ? undefined : label(value);
}

/** Progress updates closer together than this are not worth a message (the page redraws at 60 Hz at most). */
const progressIntervalMs = 100;

function nonNegativeInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}.`);
  return value;
}

function tensorsIn(result: TimedResult): tf.Tensor[] {
  if (result instanceof tf.Tensor) return [result];
  if (Array.isArray(result)) return result.filter((item): item is tf.Tensor => item instanceof tf.Tensor);
  return [];
}

/**
 * Waits until the backend has finished all work queued so far. Reading a tensor back forces that:
 * GPU queues run in order, so once these values arrive everything before them is done too. With no
 * tensor to read, a one-element probe does the same job.
 */
async function waitForDevice(tensors: readonly tf.Tensor[]): Promise<void> {
  if (tensors.length > 0) {
    await Promise.all(tensors.map((tensor) => tensor.data()));
    return;
  }
  const probe = tf.tidy(() => tf.zeros([1]).add(1));
  await probe.data();
  probe.dispose();
}

/** `lab.useBackend` without a host-provided switcher: registered backends only, no silent fallback. */
async function switchToRegisteredBackend(name: BackendName): Promise<string> {
  if (tf.findBackendFactory(name) === null) {
    throw new Error(`The ${name} backend is not registered here (TensorFlow.js in Node registers only cpu).`);
  }
  const previous = tf.getBackend();
  if (!(await tf.setBackend(name))) {
    await tf.setBackend(previous);
    throw new Error(`The ${name} backend failed to initialise; still on ${previous}.`);
  }
  return name === 'cpu' ? cpuDescription : name;
}

/** A bar chart as the page reads it: `lab.barChart`'s, and the one inside `lab.verdict`. */
function barChartOutput(options: BarChartOptions): BarChartOutput {
  const entries = Object.entries(options.bars).slice(0, outputLimits.chartBars);
  return {
    kind: 'bar-chart',
    title: label(options.title),
    labels: entries.map(([name]) => label(name)),
    values: entries.map(([, value]) => Number(value)),
    unit: optionalLabel(options.unit),
  };
}

function cellValue(value: unknown): Cell {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined) return null;
  return cutText(typeof value === 'string' ? value : formatValue(value), outputLimits.cellChars);
}

/**
 * The part of tfjs-backend-wasm's backend object that sizes its thread pool. `init_with_threads_count`
 * creates a new XNNPACK thread pool that every later kernel uses; tfjs only calls it once, at start-up.
 */
interface WasmBackendInternals {
  wasm: { tfjs: { initWithThreadsCount(count: number): void; getThreadsCount(): number } };
}

export function createLab(emit: EmitOutput, context: LabContext): Lab {
  let nextChartId = 1;
  let nextProgressId = 1;
  let nextStageId = 1;
  let requested = context.requested;
  let description = context.description;
  const switchBackend = context.switchBackend ?? switchToRegisteredBackend;

  const lab: Lab = {
    log(...values) {
      emit({ kind: 'log', level: 'info', text: formatLogLine(values) });
    },

    table(list: readonly TableRow[], options: TableOptions = {}) {
      if (!Array.isArray(list)) throw new TypeError('lab.table expects an array of rows, e.g. [{ size: 64, ms: 1.2 }].');
      // Array.isArray forgets the rows' type.
      const rows: readonly TableRow[] = list;
      const seen = new Set<string>();
      for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
      // The page shows so many rows and columns; the rest are only counted, not sent.
      const columns = [...seen].slice(0, outputLimits.tableColumns);
      const shown = rows.length > outputLimits.tableRows ? rows.slice(0, outputLimits.tableRows) : rows;
      emit({
        kind: 'table',
        title: optionalLabel(options.title),
        columns: columns.map(label),
        rows: shown.map((row) => columns.map((column) => cellValue(row[column]))),
        ...(rows.length > shown.length && { omittedRows: rows.length - shown.length }),
        ...(seen.size > columns.length && { omittedColumns: seen.size - columns.length }),
      });
    },

    lineChart(options: LineChartOptions): LineChart {
      const chartId = nextChartId++;
      const series = [...options.series].slice(0, outputLimits.chartSeries).map(label);
      emit({
        kind: 'line-chart',
        chartId,
        title: label(options.title),
        series,
        xLabel: optionalLabel(options.xLabel),
        yLabel: optionalLabel(options.yLabel),
        xScale: options.xScale,
        yScale: options.yScale,
        // Only names of the chart's series: anything else would be a mark of nothing.
        marks: options.marks ? series.filter((name) => options.marks?.some((mark) => label(mark) === name)) : undefined,
      });
      return {
        add(x, values) {
          const finite: Record<string, number> = {};
          for (const name of series) {
            const value = values[name];
            if (typeof value === 'number' && Number.isFinite(value)) finite[name] = value;
          }
          if (Number.isFinite(x)) emit({ kind: 'line-points', chartId, x, values: finite });
        },
      };
    },

    barChart(options: BarChartOptions) {
      emit(barChartOutput(options));
    },

    progress(options: ProgressOptions): Progress {
      const progressId = nextProgressId++;
      let total = Math.max(0, Number(options.total) || 0);
      const unit = options.unit ?? 'steps';
      const progressLabel = label(options.label);
      const startedAt = performance.now();
      let lastSentAt = -Infinity;
      let lastSentDone = Number.NaN;
      const send = (done: number, newTotal?: number) => {
        const replanned = newTotal === undefined ? total : Math.max(0, Number(newTotal) || 0);
        // A new total is news even when `done` is not: the bar must show it at once.
        if (replanned !== total) {
          total = replanned;
          lastSentAt = -Infinity;
          lastSentDone = Number.NaN;
        }
        const clamped = Math.min(Math.max(0, Number(done) || 0), total);
        const now = performance.now();
        const finished = clamped >= total;
        // Updates come at most every progressIntervalMs, and a finished bar is said to be finished once.
        if (finished ? clamped === lastSentDone : now - lastSentAt < progressIntervalMs) return;
        lastSentAt = now;
        lastSentDone = clamped;
        const elapsed = now - startedAt;
        const etaMs = clamped > 0 ? (elapsed / clamped) * (total - clamped) : null;
        emit({ kind: 'progress', progressId, label: progressLabel, done: clamped, total, etaMs, unit });
      };
      send(0);
      return { update: (done, newTotal) => send(done, newTotal), finish: () => send(total) };
    },

    stage(name: string, detail?: string): Stage {
      const stageId = nextStageId++;
      const base = { kind: 'stage', stageId, name: label(name), detail: optionalLabel(detail) } as const;
      emit({ ...base, backend: tf.getBackend() });
      return { now: (text) => emit({ ...base, now: label(text), backend: tf.getBackend() }) };
    },

    verdict(options: VerdictOptions) {
      emit({
        kind: 'verdict',
        text: cutText(String(options.text), outputLimits.textChars),
        chart: barChartOutput(options.chart),
      });
    },

    device(): DeviceInfo {
      const backend = tf.getBackend();
      return {
        backend,
        requested,
        description,
        crossOriginIsolated: globalThis.crossOriginIsolated === true,
        cores: logicalCores(),
        softwareRenderer: runsOnSoftwareRenderer(backend, description),
      };
    },

    async useBackend(name: BackendName): Promise<DeviceInfo> {
      description = await switchBackend(name);
      requested = name;
      const device = lab.device();
      // The page's status line names the backend running now, not the one the picker started with.
      emit({ kind: 'backend', backend: device.backend, description: label(device.description) });
      return device;
    },

    async time(name, work, options: TimeOptions = {}): Promise<Timing> {
      const warmup = nonNegativeInteger(options.warmup, 1, 'warmup');
      const repeats = Math.max(1, nonNegativeInteger(options.repeats, 1, 'repeats'));
      const runsMs: number[] = [];
      for (let run = 0; run < warmup + repeats; run++) {
        const start = performance.now();
        const tensors = tensorsIn(await work());
        await waitForDevice(tensors);
        const elapsed = performance.now() - start;
        // Variables belong to the model, not to this measurement: never free those.
        for (const tensor of tensors) if (!(tensor instanceof tf.Variable)) tensor.dispose();
        if (run >= warmup) runsMs.push(elapsed);
      }
      const timing: Timing = { label: String(name), medianMs: median(runsMs), runsMs, warmup };
      emit({
        kind: 'timing',
        timing: { ...timing, label: label(name), runsMs: runsMs.slice(0, outputLimits.timingRuns) },
        backend: tf.getBackend(),
      });
      return timing;
    },

    setWasmThreads(count: number): number {
      if (tf.getBackend() !== 'wasm')
        throw new Error(`lab.setWasmThreads works on the wasm backend; the program is on ${tf.getBackend()}.`);
      const backend = tf.backend() as unknown as WasmBackendInternals;
      backend.wasm.tfjs.initWithThreadsCount(Math.max(1, Math.floor(count)));
      return backend.wasm.tfjs.getThreadsCount();
    },

    fetchData(path, options = {}) {
      return fetchDataWith(context.data, lab, path, options);
    },

    decodeImages(files, options) {
      return decodeImagesWith(context.data, lab, files, options);
    },

    memory(name?: string): MemoryReport {
      const { numTensors, numBytes, numDataBuffers } = tf.memory();
      const report: MemoryReport = { numTensors, numBytes, numDataBuffers };
      emit({ kind: 'memory', label: optionalLabel(name), report });
      return report;
    },

    download(fileName: string, text: string, mimeType = 'text/plain') {
      // Only the last path segment: a name like "../x" must not read as a path, and the page needs a name.
      const name = label(String(fileName).split(/[\\/]/).pop()?.trim() || 'lab-output.txt');
      const content = String(text);
      if (content.length > maxDownloadChars) {
        throw new RangeError(
          `lab.download accepts up to ${maxDownloadChars / 1_000_000} MB of text; "${name}" has ${content.length} characters.`,
        );
      }
      const type = safeDownloadType(mimeType, name);
      if (type.reason) emit({ kind: 'log', level: 'warn', text: type.reason });
      emit({ kind: 'download', fileName: name, text: content, mimeType: type.mimeType });
    },

    results(key) {
      return openResultsStore(key, (text) => emit({ kind: 'log', level: 'warn', text }));
    },

    measured(id, value, unit) {
      const name = String(id);
      if (!measuredIdPattern.test(name))
        throw new TypeError(
          `lab.measured: the id should be lower-case words joined by hyphens, e.g. 'matmul-crossover', not ${JSON.stringify(name)}.`,
        );
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
        // A broken figure must not end a long run at its last line: say so and carry on.
        emit({
          kind: 'log',
          level: 'warn',
          text: `lab.measured('${name}') got ${String(value)}, not a finite number: nothing to set beside the prediction.`,
        });
        return;
      }
      emit({ kind: 'measured', id: label(name), value, unit: label(unit) });
    },
  };
  return lab;
}

/**
 * The lab API writing into an array instead of a page: how lab tests and scripts run a program and then
 * inspect what it showed. Defaults to the plain-JavaScript CPU backend, which Node always has.
 */
export function createRecordingLab(context: LabContext = { requested: 'cpu', description: cpuDescription }): {
  lab: Lab;
  outputs: LabOutput[];
} {
  const outputs: LabOutput[] = [];
  return { lab: createLab((output) => outputs.push(output), context), outputs };
}
