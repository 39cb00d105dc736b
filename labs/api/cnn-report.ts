/**
 * The pieces of the CNN benchmark's report that are not measurement: the project's reference rows,
 * medians, CSV export, and what to say about each backend's device.
 */
import type { BackendName, DeviceInfo, TableRow } from './index.ts';

/** One row of the results table, in the shape of the project's table plus what makes rows comparable. */
export interface ResultRow extends TableRow {
  setup: string;
  device: string;
  'time (s)': number;
  'accuracy (%)': number;
  epochs: number;
  'train images': number;
  'images/s': number;
  /** The time this speed would need for the project's full run: 10 epochs of 50,000 images. */
  'est. 10 × 50k (s)': number;
}

/** A result as kept across runs: the table row plus when and on what it was measured. */
export interface SavedRow extends ResultRow {
  date: string;
  backend: string;
  data: string;
  batch: number;
  repeats: number;
  'software renderer': boolean;
}

/** The columns of the results table, in order: the project's table plus what makes rows comparable. */
export const RESULT_COLUMNS = [
  'setup',
  'device',
  'time (s)',
  'accuracy (%)',
  'epochs',
  'train images',
  'images/s',
  'est. 10 × 50k (s)',
] as const satisfies readonly (keyof ResultRow)[];

/** `lab.results` key of the rows this lab saves after every run (SavedRow). */
export const BROWSER_RESULTS_KEY = 'cnn-benchmark';

/**
 * `lab.results` key of the rows imported from the companion notebook's results file with "Add your Colab
 * result" below the lab (src/cnn-results/): ResultRows with the file's run id and date. The lab shows them in
 * its results table; it never writes them.
 */
export const NOTEBOOK_RESULTS_KEY = 'cnn-notebook';

/** A stored row cut down to the results table's columns (stored rows carry more). */
export function resultColumns(row: TableRow): TableRow {
  return Object.fromEntries(RESULT_COLUMNS.map((column) => [column, row[column] ?? null]));
}

/** The project's full training run, the yardstick for every estimate. */
export const PROJECT_IMAGES_SEEN = 10 * 50_000;

/** The Colab reference run (PyTorch, Tesla T4 runtime, 10 epochs of 50,000 images, batch 64). */
export const REFERENCE_ROWS: readonly ResultRow[] = [
  {
    setup: 'Project reference: PyTorch, CPU',
    device: 'Colab runtime CPU (2 vCPUs)',
    'time (s)': 290,
    'accuracy (%)': 63.24,
    epochs: 10,
    'train images': 50_000,
    'images/s': Math.round(PROJECT_IMAGES_SEEN / 290),
    'est. 10 × 50k (s)': 290,
  },
  {
    setup: 'Project reference: PyTorch, GPU',
    device: 'NVIDIA Tesla T4 (Colab)',
    'time (s)': 135,
    'accuracy (%)': 64.5,
    epochs: 10,
    'train images': 50_000,
    'images/s': Math.round(PROJECT_IMAGES_SEEN / 135),
    'est. 10 × 50k (s)': 135,
  },
];

/** The project's speed-up of the T4 GPU over the Colab CPU: the CPU row's time over the GPU row's (290 s / 135 s). */
export const T4_SPEEDUP = Number(REFERENCE_ROWS[0]?.['time (s)']) / Number(REFERENCE_ROWS[1]?.['time (s)']);

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** GPU backends on a software renderer measure emulation, not a GPU; the lab API says which ones do. */
export function isSoftwareRenderer(device: DeviceInfo): boolean {
  return device.softwareRenderer;
}

/** What takes the time in one training step on this backend. */
export function stepCostNote(device: DeviceInfo): string {
  switch (device.backend as BackendName) {
    case 'wasm': {
      const threads = Number(/(\d+) threads?/.exec(device.description)?.[1] ?? 1);
      const threading = !device.crossOriginIsolated
        ? 'not cross-origin isolated, so it runs on one thread'
        : threads > 1
          ? `cross-origin isolated, so it runs ${threads} threads`
          : device.cores > 1
            ? `cross-origin isolated, and one thread, as one trained fastest of the thread counts measured here (up to ${device.cores}, one per logical core)`
            : 'cross-origin isolated, and one thread, as this machine reports one logical core';
      return (
        'WASM: the convolution kernels (forward, and the two backward convolutions for inputs and filters) take most of ' +
        `each step; the dense layers and Adam are small. ${device.description}; ${threading}.`
      );
    }
    case 'webgl':
    case 'webgpu': {
      const api = device.backend === 'webgl' ? 'WebGL' : 'WebGPU';
      if (isSoftwareRenderer(device)) {
        return `${api} on a software renderer (${device.description}): everything, since the "GPU" shaders run on the CPU through an emulator.`;
      }
      return (
        `${api}: with batches this small, the fixed cost of dispatching each of the step's ~100 operations as a shader ` +
        'dominates, then the shader work itself and the upload of each batch.'
      );
    }
    case 'cpu':
      return 'CPU (plain JavaScript): every operation is a scalar loop on one thread; the convolutions and their gradients take nearly all of it.';
    default:
      return `${device.backend}: ${device.description}.`;
  }
}

function csvCell(value: TableRow[string]): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV (RFC 4180): a header of every column seen, then one line per row. */
export function toCsv(rows: readonly TableRow[]): string {
  const columns: string[] = [];
  for (const row of rows) for (const column of Object.keys(row)) if (!columns.includes(column)) columns.push(column);
  const lines = [columns.map((column) => csvCell(column)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
