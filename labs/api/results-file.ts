/**
 * The CNN lab's results file: the JSON the lab offers after every run (and the results table below the lab
 * offers too), holding every run this browser saved. This is the one definition of the format: the lab
 * writes it with `resultsFileText`, and the course reads it back only through `parseResultsFile`, for
 * instance on the instructors' class-results page, where a class's files are compared side by side.
 *
 * The reader checks every field where the file enters a page and throws a `ResultsFileError` naming the
 * first wrong one (`"rows[2].images/s" should be a number above 0, but it is "fast".`). Fields it does not
 * know are ignored, so a file can carry more without breaking older readers.
 *
 * Versions: `version` grows when a field changes meaning or becomes required. This lab writes version 1.
 */
import type { SavedRow } from './cnn-report.ts';
import { Fields, shown, wrongField, type NumberRange } from './json-fields.ts';

/** The `format` field of every results file: says what the file is. */
export const RESULTS_FILE_FORMAT = 'gpu-dl-course/cnn-benchmark-results';
/** The version this lab writes and the course reads. */
export const RESULTS_FILE_VERSION = 1;
/** The name the lab gives the file. */
export const RESULTS_FILE_NAME = 'cnn-benchmark-results.json';
/** The most rows a file holds: as many as a browser keeps (src/lab/shared/results-store.ts). */
export const RESULTS_FILE_MAX_ROWS = 1000;
/** Larger files are refused before they are parsed: a full one is about half a megabyte. */
export const RESULTS_FILE_MAX_BYTES = 2 * 1024 * 1024;
/** The limit as the refusals say it ("2 MB"), from the constant, so the two cannot disagree. */
export const RESULTS_FILE_MAX_TEXT = `${RESULTS_FILE_MAX_BYTES / 1024 / 1024} MB`;

/** The whole file, version 1. */
export interface ResultsFile {
  /** Always RESULTS_FILE_FORMAT. */
  format: typeof RESULTS_FILE_FORMAT;
  /** The format's version: 1. */
  version: typeof RESULTS_FILE_VERSION;
  /** When the file was written, ISO 8601 in UTC, e.g. "2026-03-02T09:00:00.000Z". */
  created: string;
  /**
   * The runs saved in the browser that wrote it, oldest first: one row per backend and run, each the
   * results table's columns (`RESULT_COLUMNS` of report.ts) plus when, on what and how it was measured
   * (`SavedRow`: date, backend, data, batch, repeats, software renderer).
   */
  rows: SavedRow[];
}

/** The file's text for `rows`: what `lab.download` offers. */
export function resultsFileText(rows: readonly SavedRow[], created: string): string {
  const file: ResultsFile = {
    format: RESULTS_FILE_FORMAT,
    version: RESULTS_FILE_VERSION,
    created,
    rows: rows.slice(-RESULTS_FILE_MAX_ROWS),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A results file that cannot be read; the message names the field and says what is wrong with it. */
export class ResultsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsFileError';
  }
}

// ——— reading ———

const fileError = (message: string) => new ResultsFileError(message);

function wrong(path: string, expected: string, value: unknown): never {
  return wrongField(fileError, path, expected, value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Check = (row: Fields, field: string) => string | number | boolean;

const text =
  (maxLength: number): Check =>
  (row, field) =>
    row.string(field, maxLength);
const number =
  (range: NumberRange = {}): Check =>
  (row, field) =>
    row.number(field, range);
const date: Check = (row, field) => row.date(field);
const flag: Check = (row, field) => row.boolean(field);

/** SavedRow's own fields, without the index signature every table row has. */
type RowField = keyof { [K in keyof SavedRow as string extends K ? never : K]: SavedRow[K] };

/** How each field of a row is checked; the compiler lists a field of SavedRow this table lacks. */
const rowChecks = {
  setup: text(300),
  device: text(300),
  'time (s)': number({ above: true }),
  'accuracy (%)': number({ max: 100 }),
  epochs: number({ min: 1, max: 1000, integer: true }),
  'train images': number({ min: 1, integer: true }),
  'images/s': number({ above: true }),
  'est. 10 × 50k (s)': number(),
  date,
  backend: text(40),
  data: text(40),
  batch: number({ min: 1, integer: true }),
  repeats: number({ min: 1, integer: true }),
  'software renderer': flag,
} as const satisfies Record<RowField, Check>;

function readRow(value: unknown, path: string): SavedRow {
  const fields = new Fields(value, path, fileError, 'an object (one saved run)');
  const row: Record<string, string | number | boolean> = {};
  for (const [field, check] of Object.entries(rowChecks)) row[field] = check(fields, field);
  return row as SavedRow;
}

/** Checks a parsed results file field by field; throws ResultsFileError naming the first wrong field. */
export function readResultsFile(json: unknown): ResultsFile {
  if (Array.isArray(json)) {
    throw new ResultsFileError(
      'This is an older download of the CNN lab, a bare list of runs without "format" and "version". ' +
        `Download ${RESULTS_FILE_NAME} again from the lab's results table: the runs are still in the browser that made them.`,
    );
  }
  if (!isObject(json)) throw new ResultsFileError(`The file holds ${shown(json)}, not the object the CNN lab writes.`);
  if (json.format !== RESULTS_FILE_FORMAT) {
    throw new ResultsFileError(
      `This is not a results file of the CNN lab: its "format" should be "${RESULTS_FILE_FORMAT}", but it is ${shown(json.format)}.`,
    );
  }
  const version = json.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > RESULTS_FILE_VERSION) {
    throw new ResultsFileError(
      `This results file has version ${version}, newer than this page reads (${RESULTS_FILE_VERSION}). Reload the page to get the current course, then add the file again.`,
    );
  }
  if (version !== RESULTS_FILE_VERSION) wrong('version', String(RESULTS_FILE_VERSION), version);
  const created = new Fields(json, '', fileError).date('created');
  const rows = json.rows;
  if (!Array.isArray(rows) || rows.length > RESULTS_FILE_MAX_ROWS) {
    wrong('rows', `a list of at most ${RESULTS_FILE_MAX_ROWS} runs`, rows);
  }
  return {
    format: RESULTS_FILE_FORMAT,
    version: RESULTS_FILE_VERSION,
    created,
    rows: rows.map((row, index) => readRow(row, `rows[${index}]`)),
  };
}

/** The text of a results file to its runs: too large, not JSON, or not this format each get their message. */
export function parseResultsFile(text: string): ResultsFile {
  return readResultsFile(parseJson(text));
}

/** JSON.parse with the messages of this format: a file too large to be one, or one that is damaged. */
export function parseJson(text: string): unknown {
  if (text.length > RESULTS_FILE_MAX_BYTES) {
    throw new ResultsFileError(`The file is larger than ${RESULTS_FILE_MAX_TEXT}, the most a results file of the course can be.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ResultsFileError(
      `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}): it may be damaged or cut short.`,
    );
  }
}
