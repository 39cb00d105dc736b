/**
 * The lab API: everything a lab program can show besides computing with TensorFlow.js.
 *
 * A lab program is `labs/<id>/main.ts`. It imports TensorFlow.js and, for types only, this file, and
 * exports its work as one async function that receives a `Lab`:
 *
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import type { Lab } from '../api';
 *
 * export default async function main(lab: Lab) {
 *   const x = tf.tensor([1, 2, 3]);
 *   const squared = x.square();
 *   lab.log('x squared:', squared);
 *   tf.dispose([x, squared]);
 * }
 * ```
 *
 * The same `main` runs in the course page (output goes to the lab's output panel), in Vitest under Node
 * (output goes to a test sink) and in benchmarks (output goes to the terminal). This file holds types
 * only, so importing it costs nothing at run time. It is documented for learners in labs/README.md.
 */
import type { Tensor } from '@tensorflow/tfjs';

/** The TensorFlow.js backends a lab can run on; see `Lab.device()` for the one that actually ran. */
export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/** One value in a table cell. */
export type Cell = string | number | boolean | null;

/** A row of a table: column name to value. Columns appear in the order their names are first seen. */
export type TableRow = Readonly<Record<string, Cell>>;

export interface TableOptions {
  /** A caption shown above the table. */
  title?: string;
}

export interface LineChartOptions {
  /** The chart's heading, also its accessible name. */
  title: string;
  /** The names of the lines, in legend order, e.g. `['training loss', 'validation loss']`. */
  series: readonly string[];
  /** What the horizontal axis counts, e.g. 'epoch'. */
  xLabel?: string;
  /** What the vertical axis measures, e.g. 'loss'. */
  yLabel?: string;
  /** 'log' spaces the horizontal axis by powers of ten, for values that span several of them. Default 'linear'. */
  xScale?: AxisScale;
  /** The same for the vertical axis. */
  yScale?: AxisScale;
  /**
   * Series drawn as marks alone, without a line between their points: events on the chart, such as the
   * size from which a GPU stays faster. Each must be one of `series`; a series with no points yet is left
   * out of the legend.
   */
  marks?: readonly string[];
}

/** How an axis spaces its values. */
export type AxisScale = 'linear' | 'log';

/** A line chart that grows while the program runs. */
export interface LineChart {
  /**
   * Adds one point per named series at position `x`. Series you leave out get no point there.
   * The page redraws at most once per frame, so calling this every step is fine.
   */
  add(x: number, values: Readonly<Record<string, number>>): void;
}

export interface BarChartOptions {
  /** The chart's heading, also its accessible name. */
  title: string;
  /** One bar per entry, in order: label to value. */
  bars: Readonly<Record<string, number>>;
  /** The unit of the values, shown on the axis, e.g. 'ms'. */
  unit?: string;
}

export interface ProgressOptions {
  /** What is progressing, e.g. 'Training'. */
  label: string;
  /** How many steps make 100 %. */
  total: number;
  /** What is counted: 'bytes' shows "1.2 of 4.4 MB", 'images' shows "2,000 of 5,000 images". Default: steps. */
  unit?: ProgressUnit;
}

/** What a progress bar counts. */
export type ProgressUnit = 'steps' | 'bytes' | 'images';

export interface FetchDataOptions {
  /** Shown on the download's progress bar; default: the file's name. */
  label?: string;
  /** The file's exact length in bytes, when known: a shorter file is reported as truncated. */
  bytes?: number;
  /**
   * The file's SHA-256 as lowercase hex. When given, the bytes are checked before they are used or kept,
   * and a mismatch rejects with a message naming the file; a checked file is kept in this browser
   * (Cache Storage), so the next run reads it without downloading.
   */
  sha256?: string;
}

export interface DecodeImagesOptions {
  /** Every image must have this width and height, in pixels. */
  width: number;
  height: number;
  /** Shown on the decoding progress bar; default 'Decoding images'. */
  label?: string;
}

/** A progress bar with an estimate of the time left. */
export interface Progress {
  /**
   * Reports how many steps are done so far (0 … total). The estimate assumes steps take equal time.
   * Pass `total` when the plan changes, e.g. a sweep that skips the sizes it will not measure, so the bar
   * counts only the work that will be done.
   */
  update(done: number, total?: number): void;
  /** Marks the work as complete (same as `update(total)`). */
  finish(): void;
}

/**
 * One stage of a long run, as `lab.stage` starts it: the run view lists the stages, shows the current one
 * open with the outputs it makes, and folds each one away once the next begins.
 */
export interface Stage {
  /**
   * Says where the stage is now, e.g. 'epoch 2 of 3'. The run's header shows it beside the backend and
   * the time left of the latest progress bar; screen readers are not told of every change, only of stages.
   */
  now(text: string): void;
}

export interface VerdictOptions {
  /** The finding in one sentence, e.g. "WebGL trained 2.4× as fast as WASM here; the project's T4 was 2.1× its CPU." */
  text: string;
  /** One labelled bar chart that shows it. */
  chart: BarChartOptions;
}

/** Where the program is running. */
export interface DeviceInfo {
  /** The backend TensorFlow.js actually uses: it falls back silently when the requested one fails. */
  backend: string;
  /** The backend the learner picked (in tests and benchmarks: the one they set up). */
  requested: BackendName;
  /** A human description: the GPU's name for WebGL/WebGPU, the thread count for WASM. */
  description: string;
  /** True when the page is cross-origin isolated, which multi-threaded WASM needs. */
  crossOriginIsolated: boolean;
  /** Logical CPU cores the browser reports (0 when unknown). */
  cores: number;
  /**
   * True when a GPU backend (webgl, webgpu) runs on a software renderer such as SwiftShader or llvmpipe:
   * the "GPU" work is emulated on the CPU, so its timings say nothing about a GPU.
   */
  softwareRenderer: boolean;
}

/** What `lab.time` can wait for: the tensors your work produced (read back to synchronise), or nothing. */
export type TimedResult = Tensor | readonly Tensor[] | void | undefined;

export interface TimeOptions {
  /** Untimed runs first, so one-off costs (shader compilation, WASM warm-up) are not measured. Default 1. */
  warmup?: number;
  /** Timed runs; the report gives their median. Default 1. */
  repeats?: number;
}

/** The result of `lab.time`. */
export interface Timing {
  label: string;
  /** Median of the timed runs, in milliseconds. */
  medianMs: number;
  /** Every timed run, in milliseconds, in order. */
  runsMs: number[];
  /** How many untimed warm-up runs came first. */
  warmup: number;
}

/** A snapshot of `tf.memory()`. */
export interface MemoryReport {
  /** Tensors alive right now: each one holds memory until disposed. */
  numTensors: number;
  /** Bytes held by those tensors. */
  numBytes: number;
  /** Distinct buffers (several tensors can share one, e.g. after a reshape). */
  numDataBuffers: number;
}

/** What a lab program receives: ways to report what it does. */
export interface Lab {
  /**
   * Prints a line. Strings print as they are; tensors print their values; other values print as JSON.
   * `console.log` works too and lands in the same place. A line is cut at 20,000 characters, and a run
   * shows at most 5,000 lines (labs/README.md, "Output limits").
   */
  log(...values: unknown[]): void;

  /** Shows rows as a table: at most 500 rows and 20 columns, with a note saying how many more there were. */
  table(rows: readonly TableRow[], options?: TableOptions): void;

  /** Starts a line chart; add points to it while the program runs. */
  lineChart(options: LineChartOptions): LineChart;

  /** Shows a bar chart of a few labelled values. */
  barChart(options: BarChartOptions): void;

  /** Starts a progress bar with an estimate of the time left. */
  progress(options: ProgressOptions): Progress;

  /**
   * Starts a stage of a long run (loading data, measuring, one backend's training, the verdict). The outputs
   * that follow belong to it until the next stage starts; the page shows each stage as a section that folds
   * away once done, and its header names the stage, the backend and the time left. `detail` says what the
   * stage does, e.g. '2,000 images, 2 epochs'. In Node the stage is printed as a heading line.
   */
  stage(name: string, detail?: string): Stage;

  /**
   * Ends a run with its finding: one sentence and one bar chart, shown at the top of the output (marked
   * `data-verdict`), so it is the first thing read once the run is over. Call it once, last.
   */
  verdict(options: VerdictOptions): void;

  /** Describes the backend and device the program runs on. */
  device(): DeviceInfo;

  /**
   * Switches TensorFlow.js to another backend while the program runs, set up exactly as the page's
   * backend picker does it (WASM files served by the site plus the course's training kernels, the
   * WebGPU module loaded on demand). Resolves with the device that actually started, so
   * `(await lab.useBackend('webgpu')).description` names the GPU adapter.
   *
   * Unlike the picker it never falls back silently: when `name` cannot start it rejects with the reason
   * (no `navigator.gpu`, no adapter, no WebGL 2…) and the previous backend stays active. Tensors made
   * before the switch still work: TensorFlow.js copies their data to the new backend the first time
   * they are used there, which costs a transfer. In Vitest only the backends registered in Node start.
   *
   * ```ts
   * try {
   *   const gpu = await lab.useBackend('webgl');
   *   lab.log('now on', gpu.description);
   * } catch (error) {
   *   lab.log('no WebGL here:', (error as Error).message);
   * }
   * ```
   */
  useBackend(name: BackendName): Promise<DeviceInfo>;

  /**
   * WASM backend only: rebuilds its thread pool with `count` threads and returns the count it got (at
   * least 1, at most one per logical core and 8; 1 where the page is not cross-origin isolated or the
   * browser has no WebAssembly threads). Use it to measure which count trains fastest on this machine.
   */
  setWasmThreads(count: number): number;

  /**
   * Times `work` honestly on any backend. GPU backends queue work and return at once, so a clock read
   * straight after would measure almost nothing; `time` waits until the device has finished (by reading
   * back the tensors `work` returns, or a tiny probe tensor when it returns nothing) before it stops the
   * clock. It disposes the tensors `work` returns, prints the result and hands it back.
   */
  time(label: string, work: () => TimedResult | Promise<TimedResult>, options?: TimeOptions): Promise<Timing>;

  /**
   * Downloads a data file that ships with the course site, e.g. `lab.fetchData('cifar10/manifest.json')`
   * (paths are relative to the site's data/ folder; other origins are not reachable), with a progress bar
   * in bytes. Rejects with a message naming the file when it is missing, truncated or (with `sha256`)
   * damaged. In Vitest and the benchmarks it reads the same file from `public/data/`.
   */
  fetchData(path: string, options?: FetchDataOptions): Promise<Uint8Array>;

  /**
   * Decodes JPEG or PNG files to pixels, with a progress bar in images: RGB bytes, row by row, image after
   * image (count × height × width × 3). In the page this runs in the lab's worker with the browser's own
   * image decoder, so the page stays responsive. Rejects, naming the image's index, when one cannot be
   * decoded or has another size.
   */
  decodeImages(files: readonly Uint8Array[], options: DecodeImagesOptions): Promise<Uint8Array>;

  /** Prints and returns `tf.memory()`, so you can see tensors pile up (or not). */
  memory(label?: string): MemoryReport;

  /**
   * Offers `text` as a file to save: the output panel shows a "Download <fileName>" link. Use it to
   * export results, e.g. as CSV or JSON. `mimeType` defaults to 'text/plain'; the text may be up to 10 MB.
   *
   * ```ts
   * lab.download('results.csv', 'backend,seconds\nwasm,12.5\n', 'text/csv');
   * ```
   */
  download(fileName: string, text: string, mimeType?: string): void;

  /**
   * Rows this lab keeps across runs in this browser (IndexedDB), under `key`. Rows are table rows, so
   * what you load can go straight to `lab.table`. Saved data from an older format, or damaged data, is
   * reset with a warning instead of failing the run; where storage is unavailable (Node, some private
   * modes) the rows last for this run only, again with a warning. A key keeps its newest 1,000 rows.
   *
   * ```ts
   * const history = lab.results('my-benchmark');
   * await history.append({ backend: lab.device().backend, seconds: 12.5 });
   * lab.table(await history.load(), { title: 'All my runs' });
   * ```
   */
  results<T extends TableRow = TableRow>(key: string): ResultsStore<T>;

  /**
   * Reports one figure the run measured, under `id`, so the lesson can show it beside the learner's
   * prediction (a prompt marked `data-prediction="<id>"`); the output shows it as a line too. `id` is
   * lower-case words joined by hyphens; `value` is a finite number, or null when the run found none (no
   * size where the GPU won); `unit` is how the prompt writes it, e.g. '×', 'MB' or 'n'. A value that is not
   * finite (NaN) is not reported, with a warning.
   *
   * ```ts
   * lab.measured('matmul-crossover', 256, 'n');
   * ```
   */
  measured(id: string, value: number | null, unit: string): void;
}

/** Rows kept across runs by `lab.results(key)`, oldest first. */
export interface ResultsStore<T extends TableRow = TableRow> {
  /** Every saved row, oldest first (an empty list the first time). */
  load(): Promise<T[]>;
  /** Saves one more row at the end. Values other than string, number, boolean or null are saved as strings. */
  append(row: T): Promise<void>;
  /** Deletes every row saved under this key. */
  clear(): Promise<void>;
}
