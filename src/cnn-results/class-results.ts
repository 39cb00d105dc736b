/**
 * A class's results side by side, for the instructors' page (src/pages/instructors/class-results.astro):
 * the runs of many results files, grouped by device and backend, with the median speed and accuracy of
 * each group. Pure: files arrive as text and names, and nothing here reads files or touches the page.
 *
 * Two kinds of file are read, each by its own format's reader, so their checks and messages exist once:
 * the CNN lab's results file (labs/api/results-file.ts) and the companion notebook's
 * (src/cnn-results/notebook-results-format.ts). Anything else is refused with the reason.
 */
import {
  parseJson,
  readResultsFile,
  RESULTS_FILE_FORMAT,
  RESULTS_FILE_NAME,
  ResultsFileError,
} from '../../labs/api/results-file.ts';
import {
  NOTEBOOK_RESULTS_FILE,
  NOTEBOOK_RESULTS_FORMAT,
  NotebookResultsError,
  notebookRows,
  readNotebookResults,
} from './notebook-results-format.ts';
import { formatNumber } from '../lab/index.ts';
import { backendWords, withoutBidiControls } from './shared-result.ts';

/** One timed run of one file: what the class table groups. */
export interface ClassRun {
  /** The file it came from, as the instructor named it (e.g. "ana-cnn-benchmark-results.json"). */
  file: string;
  /** How it ran: "WebGL", "WASM", "PyTorch GPU", "PyTorch GPU, autocast float16"… */
  backend: string;
  /** The device as the run described it: a GPU's name, or the CPU with its threads. */
  device: string;
  imagesPerSecond: number;
  /** Test accuracy in percent. */
  accuracy: number;
  epochs: number;
  trainImages: number;
  /** When it was measured (ISO 8601). */
  date: string;
}

/** The runs of one results file, and which format it was. */
export interface ReadFile {
  file: string;
  kind: 'lab' | 'notebook';
  runs: ClassRun[];
}

/** A file that is not a results file of the course, or a damaged one; the message says which and why. */
export class ClassFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClassFileError';
  }
}

/** Reads one file's text: the CNN lab's results file or the notebook's, checked by its own reader. */
export function readClassFile(file: string, text: string): ReadFile {
  try {
    const json = parseJson(text);
    const format =
      typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { format?: unknown }).format : undefined;
    if (format === NOTEBOOK_RESULTS_FORMAT) {
      const results = readNotebookResults(json);
      const rows = notebookRows(results);
      return {
        file,
        kind: 'notebook',
        runs: results.runs.map((run, index) => ({
          file,
          backend: `PyTorch ${run.device === 'cuda' ? 'GPU' : 'CPU'}${run.precision === 'float32' ? '' : `, ${run.precision}`}`,
          device: withoutBidiControls(rows[index].device),
          // The file's own figure: the table's rounds to one decimal, and a slow CPU run (0.04) became 0.
          imagesPerSecond: run.images_per_second,
          accuracy: rows[index]['accuracy (%)'],
          epochs: run.epochs,
          trainImages: run.train_images,
          date: results.created,
        })),
      };
    }
    if (format !== RESULTS_FILE_FORMAT && !Array.isArray(json)) {
      throw new ClassFileError(
        `This is not a results file of the course: its "format" should be "${RESULTS_FILE_FORMAT}" (the CNN lab's ${RESULTS_FILE_NAME}) ` +
          `or "${NOTEBOOK_RESULTS_FORMAT}" (the notebook's ${NOTEBOOK_RESULTS_FILE}), but it is ${format === undefined ? 'missing' : JSON.stringify(format).slice(0, 40)}.`,
      );
    }
    const results = readResultsFile(json);
    return {
      file,
      kind: 'lab',
      runs: results.rows.map((row) => ({
        file,
        backend: backendWords(row.backend),
        device: withoutBidiControls(row.device),
        imagesPerSecond: row['images/s'],
        accuracy: row['accuracy (%)'],
        epochs: row.epochs,
        trainImages: row['train images'],
        date: row.date,
      })),
    };
  } catch (error) {
    if (error instanceof ResultsFileError || error instanceof NotebookResultsError) throw new ClassFileError(error.message);
    throw error;
  }
}

/** What makes two runs the same run: the same file read twice, or two downloads from one browser that overlap. */
export function runKey(run: ClassRun): string {
  return JSON.stringify([run.backend, run.device, run.date, run.imagesPerSecond, run.accuracy, run.epochs, run.trainImages]);
}

/** The runs of one device and backend, summarised. */
export interface ClassGroup {
  device: string;
  backend: string;
  /** Runs in the group. */
  runs: number;
  /** Files the runs came from: how many learners' machines, more or less. */
  files: number;
  medianImagesPerSecond: number;
  /** Median test accuracy in percent. */
  medianAccuracy: number;
  minImagesPerSecond: number;
  maxImagesPerSecond: number;
}

/**
 * Groups runs by device and backend, fastest median first (then by name, so the order never wobbles).
 * Linear in the runs: a class's files can hold a hundred thousand runs of one device.
 */
export function groupRuns(runs: readonly ClassRun[]): ClassGroup[] {
  // By device, then backend: no key string to build per run (130,000 runs of a class).
  const byDevice = new Map<string, Map<string, ClassRun[]>>();
  for (const run of runs) {
    let backends = byDevice.get(run.device);
    if (!backends) byDevice.set(run.device, (backends = new Map<string, ClassRun[]>()));
    const members = backends.get(run.backend);
    if (members) members.push(run);
    else backends.set(run.backend, [run]);
  }
  return [...byDevice.values()]
    .flatMap((backends) => [...backends.values()])
    .map((members): ClassGroup => {
      const speeds = members.map((run) => run.imagesPerSecond);
      return {
        device: members[0].device,
        backend: members[0].backend,
        runs: members.length,
        files: new Set(members.map((run) => run.file)).size,
        medianImagesPerSecond: numericMedian(speeds),
        medianAccuracy: numericMedian(members.map((run) => run.accuracy)),
        ...extremes(speeds),
      };
    })
    .sort(
      (a, b) =>
        b.medianImagesPerSecond - a.medianImagesPerSecond ||
        a.device.localeCompare(b.device) ||
        a.backend.localeCompare(b.backend),
    );
}

/**
 * The median of `values` (finite, as the readers check), sorted as a Float64Array: its built-in numeric sort
 * is several times faster than a comparator's on the 130,000 runs of a class, which the page sorts in one
 * go after reading.
 */
function numericMedian(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The lowest and highest of `values` (not empty), in one pass: spreading 100,000 values into Math.min overflows the stack. */
function extremes(values: readonly number[]): { minImagesPerSecond: number; maxImagesPerSecond: number } {
  let low = values[0];
  let high = values[0];
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return { minImagesPerSecond: low, maxImagesPerSecond: high };
}

/** The smallest figure the class table writes out; below it, "< 0.1", so a slow run never reads as 0. */
const smallestShown = 0.1;

/** A speed or accuracy as the class table and chart write it: as measured, or "< 0.1" for a tiny one. */
export function figureText(value: number): string {
  return value > 0 && value < smallestShown ? `< ${smallestShown}` : formatNumber(value);
}
