/**
 * The results file of the companion notebook (scripts/pytorch/cifar10_cpu_vs_gpu.py): what it holds, how the
 * CNN lab reads it, and the table rows it becomes. This is the one definition of the format; the notebook
 * writes it, tests/unit/companion-notebook-run.test.ts runs the notebook and reads its file back with
 * `parseNotebookResults`, so the two cannot drift apart.
 *
 * The file is read once, here, where it enters the page: every field is checked, and a wrong or damaged
 * file fails with a `NotebookResultsError` naming the field, what it should be and what it is. After that
 * the typed value is trusted.
 *
 * Versions: `version` grows when a field changes meaning or becomes required. Version 2 added `exercises` (the
 * verdicts of the checked exercises), version 3 `ladder` (the optimisation ladder, src/cnn-results/ladder.ts).
 * The notebook writes version 3; this page reads versions 1 to 3, and an older file reads with `exercises: null`
 * (version 1) and `ladder: null` (versions 1 and 2).
 */
import { PROJECT_IMAGES_SEEN, round, type ResultRow } from '../../labs/api/cnn-report.ts';
import { Fields, shown, wrongField } from '../../labs/api/json-fields.ts';

/** The `format` field of every results file. */
export const NOTEBOOK_RESULTS_FORMAT = 'gpu-dl-course/cifar10-cpu-vs-gpu-results';
/** The version of the format the notebook writes now, and the newest this page reads. */
export const NOTEBOOK_RESULTS_VERSION = 3;
/** Every version this page reads: older files still add their runs. */
export const NOTEBOOK_RESULTS_VERSIONS = [1, 2, 3] as const;
/** The name the notebook gives its file. */
export const NOTEBOOK_RESULTS_FILE = 'cifar10-cpu-vs-gpu-results.json';
/** Larger files are refused before they are read: a real one is a few kilobytes. */
export const NOTEBOOK_RESULTS_MAX_BYTES = 1024 * 1024;

/** One timed training run: a fresh network trained for `epochs` epochs on one device. */
export interface NotebookRun {
  /** The PyTorch device type. */
  device: 'cpu' | 'cuda';
  /** The processor's or GPU's name, e.g. "Tesla T4". */
  device_name: string;
  /** "float32", or the mixed-precision run's "autocast float16" (GPU) / "autocast bfloat16" (CPU). */
  precision: string;
  /** torch.get_num_threads() during the run. */
  threads: number;
  /** Epochs trained. */
  epochs: number;
  /** Training images per epoch. */
  train_images: number;
  /** Test images the accuracy was measured on. */
  test_images: number;
  /** Training time in seconds, warm-up excluded, the device synchronised at each clock read. */
  seconds: number;
  /** Training images per second: train_images × epochs / seconds. */
  images_per_second: number;
  /** Achieved training GFLOP/s, from the FLOP count of cnn_reference.py. */
  gflops_per_second: number;
  /** Test accuracy in percent, 0 to 100. */
  accuracy: number;
  /** Mean training loss of each epoch, one per epoch. */
  epoch_losses: number[];
}

/** One setting of the data-loader sweep: how fast batches arrive, without training. */
export interface LoaderPoint {
  /** The device the batches were copied to. */
  device: 'cpu' | 'cuda';
  /** DataLoader's num_workers. */
  num_workers: number;
  /** DataLoader's pin_memory (page-locked host memory, asynchronous copies to the GPU). */
  pin_memory: boolean;
  /** Batches timed (the first, which starts the workers, is left out). */
  batches: number;
  /** Images delivered per second. */
  images_per_second: number;
}

/** One row of torch.profiler's table (key_averages), times in milliseconds. */
export interface ProfileRow {
  /** The operator, CUDA call or labelled region, e.g. "aten::convolution". */
  name: string;
  /** How often it ran in the profiled steps. */
  calls: number;
  /** CPU time in its own code. */
  self_cpu_ms: number;
  /** CPU time including what it called. */
  cpu_total_ms: number;
  /** GPU time of its own kernels; null when no GPU was profiled. */
  self_device_ms: number | null;
  /** GPU time including what it called; null when no GPU was profiled. */
  device_total_ms: number | null;
}

/** A short torch.profiler recording of training steps. */
export interface ProfileSummary {
  /** The device the profiled steps trained on. */
  device: 'cpu' | 'cuda';
  /** Steps recorded, after a warm-up. */
  steps: number;
  /** The table's "Self CPU time total". */
  self_cpu_total_ms: number;
  /** The table's "Self CUDA time total"; null without a GPU. */
  self_device_total_ms: number | null;
  /** The rows with the most self CPU time, most first. */
  rows: ProfileRow[];
}

/** One rung of the optimisation ladder, as measured; a skipped rung has null figures and says why. */
export type LadderStep = {
  /** The rung's id, e.g. "batch-256" (see LADDER_RUNGS in ladder.ts). */
  step: string;
  /** True when its accuracy stayed within 2 points of the first rung's, so later rungs build on it. */
  kept: boolean;
  /** Why the rung could not run on this runtime, or null when it ran. */
  skipped: string | null;
  /** Training images per second; null when skipped. */
  images_per_second: number | null;
  /** Achieved training GFLOP/s; null when skipped. */
  gflops_per_second: number | null;
  /** Test accuracy in percent; null when skipped. */
  accuracy: number | null;
  /** Timed training seconds; null when skipped. */
  seconds: number | null;
};

/** The optimisation ladder (version 3): every rung trained for `epochs` epochs on one device. */
export interface NotebookLadder {
  device: 'cpu' | 'cuda';
  /** The processor's or GPU's name. */
  device_name: string;
  epochs: number;
  steps: LadderStep[];
}

/** The exercises the notebook checks, in its order; a file may name others (a newer notebook), shown by their name. */
export const NOTEBOOK_EXERCISES = {
  device: 'device pattern',
  timing: 'event timing',
  amp: 'AMP step and checkpoint',
  loader: 'DataLoader settings',
  placement: 'one device for everything',
  accumulation: 'gradient accumulation',
  epoch_loss: 'loss read once per epoch',
  benchmark: 'fair benchmark',
} as const satisfies Record<string, string>;

/** What a check cell found. */
export const EXERCISE_STATUSES = ['passed', 'failed', 'todo'] as const;

/** One exercise's verdict, as its check cell printed it (version 2 and later). */
export interface ExerciseCheck {
  /** Which exercise, e.g. "device" (see NOTEBOOK_EXERCISES). */
  name: string;
  /** "passed"; "failed": the check said what to fix; "todo": the learner's starter was left as it was. */
  status: (typeof EXERCISE_STATUSES)[number];
  /** True when the check's GPU-only part was skipped, on a runtime without a CUDA GPU. */
  gpu_skipped: boolean;
  /** The check's verdict in its own words. */
  message: string;
}

/** The whole file, version 1, 2 or 3. */
export interface NotebookResults {
  /** Always NOTEBOOK_RESULTS_FORMAT: says what the file is. */
  format: typeof NOTEBOOK_RESULTS_FORMAT;
  /** The format's version: 1, or 2 from the notebook with checked exercises. */
  version: (typeof NOTEBOOK_RESULTS_VERSIONS)[number];
  /** When the notebook wrote the file, ISO 8601 in UTC, e.g. "2026-03-01T12:00:00Z". */
  created: string;
  /** A random id of this execution: importing the same file twice replaces its rows instead of adding them again. */
  run_id: string;
  /** What the notebook ran on. */
  environment: {
    /** Python's version. */
    python: string;
    /** PyTorch's version, e.g. "2.6.0+cu124". */
    torch: string;
    /** The CUDA version PyTorch was built for; null for a CPU-only build. */
    cuda: string | null;
    /** Whether it ran on Google Colab. */
    colab: boolean;
    /** The CPU's name. */
    cpu: string;
    /** torch.get_num_threads(). */
    threads: number;
    /** The GPU's name; null when no CUDA GPU was visible. */
    gpu: string | null;
  };
  /** The images trained and tested on. */
  data: {
    /** Where they came from, e.g. "CIFAR-10 (torchvision download)". */
    source: string;
    /** Training images per epoch. */
    train_images: number;
    /** Test images. */
    test_images: number;
    /** True for the course's own test run on a tiny slice: its numbers say nothing about speed. */
    tiny: boolean;
  };
  /** The settings every run shared. */
  settings: {
    epochs: number;
    batch: number;
    learning_rate: number;
    seed: number;
    /** The training loader's worker processes. */
    num_workers: number;
    /** Untimed steps before each timed run. */
    warmup_steps: number;
  };
  /** The timed runs: CPU float32, GPU float32 when there was a GPU, and the autocast run. At least one. */
  runs: NotebookRun[];
  /** The data-loader sweep. */
  loader_sweep: LoaderPoint[];
  /** The profiler's summary; null if it was not recorded. */
  profile: ProfileSummary | null;
  /** The exercises' verdicts, in the notebook's order (version 2); null in a version 1 file, which has none. */
  exercises: ExerciseCheck[] | null;
  /** The optimisation ladder (version 3); null in an older file. */
  ladder: NotebookLadder | null;
}

/** A results file that cannot be read; the message names the field and says what is wrong with it. */
export class NotebookResultsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotebookResultsError';
  }
}

// ——— reading ———

const notebookError = (message: string) => new NotebookResultsError(message);
const fieldsOf = (value: unknown, path: string) => new Fields(value, path, notebookError);

function wrong(path: string, expected: string, value: unknown): never {
  return wrongField(notebookError, path, expected, value);
}

const devices = ['cpu', 'cuda'] as const;

function readRun(value: unknown, path: string): NotebookRun {
  const run = fieldsOf(value, path);
  const epochs = run.number('epochs', { min: 1, max: 1000, integer: true });
  const result: NotebookRun = {
    device: run.oneOf('device', devices),
    device_name: run.string('device_name'),
    precision: run.string('precision'),
    threads: run.number('threads', { min: 1, integer: true }),
    epochs,
    train_images: run.number('train_images', { min: 1, integer: true }),
    test_images: run.number('test_images', { min: 1, integer: true }),
    seconds: run.number('seconds', { above: true }),
    images_per_second: run.number('images_per_second', { above: true }),
    gflops_per_second: run.number('gflops_per_second'),
    accuracy: run.number('accuracy', { max: 100 }),
    epoch_losses: run.list('epoch_losses', checkedLoss, { min: 1, max: 1000 }),
  };
  if (result.epoch_losses.length !== epochs) {
    wrong(`${path}.epoch_losses`, `a list of ${epochs} losses, one per epoch`, result.epoch_losses);
  }
  return result;
}

function checkedLoss(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) wrong(path, 'a loss of at least 0', value);
  return value;
}

function readLoaderPoint(value: unknown, path: string): LoaderPoint {
  const point = fieldsOf(value, path);
  return {
    device: point.oneOf('device', devices),
    num_workers: point.number('num_workers', { max: 256, integer: true }),
    pin_memory: point.boolean('pin_memory'),
    batches: point.number('batches', { min: 1, integer: true }),
    images_per_second: point.number('images_per_second', { above: true }),
  };
}

function readProfileRow(value: unknown, path: string): ProfileRow {
  const row = fieldsOf(value, path);
  return {
    name: row.string('name', 500),
    calls: row.number('calls', { min: 1, integer: true }),
    self_cpu_ms: row.number('self_cpu_ms'),
    cpu_total_ms: row.number('cpu_total_ms'),
    self_device_ms: row.nullableNumber('self_device_ms'),
    device_total_ms: row.nullableNumber('device_total_ms'),
  };
}

function readProfile(fields: Fields): ProfileSummary | null {
  if (fields.value('profile').value === null) return null;
  const profile = fields.object('profile');
  return {
    device: profile.oneOf('device', devices),
    steps: profile.number('steps', { min: 1, integer: true }),
    self_cpu_total_ms: profile.number('self_cpu_total_ms'),
    self_device_total_ms: profile.nullableNumber('self_device_total_ms'),
    rows: profile.list('rows', readProfileRow, { max: 100 }),
  };
}

function readExercise(value: unknown, path: string): ExerciseCheck {
  const check = fieldsOf(value, path);
  return {
    name: check.string('name', 40),
    status: check.oneOf('status', EXERCISE_STATUSES),
    gpu_skipped: check.boolean('gpu_skipped'),
    message: check.string('message', 1000),
  };
}

function readLadderStep(value: unknown, path: string): LadderStep {
  const step = fieldsOf(value, path);
  const skipped = step.nullableString('skipped');
  // A rung that ran has every figure; a skipped one has none to show.
  const figure = (name: string, range: Parameters<Fields['number']>[1] = {}) =>
    skipped === null ? step.number(name, range) : step.nullableNumber(name);
  return {
    step: step.string('step', 60),
    kept: step.boolean('kept'),
    skipped,
    images_per_second: figure('images_per_second', { above: true }),
    gflops_per_second: figure('gflops_per_second'),
    accuracy: figure('accuracy', { max: 100 }),
    seconds: figure('seconds', { above: true }),
  };
}

function readLadder(fields: Fields): NotebookLadder {
  const ladder = fields.object('ladder');
  return {
    device: ladder.oneOf('device', devices),
    device_name: ladder.string('device_name'),
    epochs: ladder.number('epochs', { min: 1, max: 1000, integer: true }),
    steps: ladder.list('steps', readLadderStep, { min: 1, max: 20 }),
  };
}

/** Checks a parsed results file field by field; throws NotebookResultsError naming the first wrong field. */
export function readNotebookResults(json: unknown): NotebookResults {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new NotebookResultsError(`The file holds ${shown(json)}, not the object the notebook writes.`);
  }
  const file = fieldsOf(json, '');
  if (file.value('format').value !== NOTEBOOK_RESULTS_FORMAT) {
    throw new NotebookResultsError(
      `This is not a results file of the course notebook: its "format" should be "${NOTEBOOK_RESULTS_FORMAT}", but it is ${shown(file.value('format').value)}.`,
    );
  }
  const version = file.value('version').value;
  if (typeof version === 'number' && Number.isInteger(version) && version > NOTEBOOK_RESULTS_VERSION) {
    throw new NotebookResultsError(
      `This results file has version ${version}, newer than this page reads (${NOTEBOOK_RESULTS_VERSION}). Reload the page to get the current course, then add the file again.`,
    );
  }
  const known = NOTEBOOK_RESULTS_VERSIONS.find((candidate) => candidate === version);
  if (known === undefined) wrong('version', NOTEBOOK_RESULTS_VERSIONS.join(' or '), version);

  const created = file.date('created');
  const runId = file.string('run_id');
  if (!/^[A-Za-z0-9-]{8,64}$/.test(runId)) wrong('run_id', 'an id of 8 to 64 letters, digits or dashes', runId);

  const environment = file.object('environment');
  const data = file.object('data');
  const settings = file.object('settings');
  return {
    format: NOTEBOOK_RESULTS_FORMAT,
    version: known,
    created,
    run_id: runId,
    environment: {
      python: environment.string('python'),
      torch: environment.string('torch'),
      cuda: environment.nullableString('cuda'),
      colab: environment.boolean('colab'),
      cpu: environment.string('cpu'),
      threads: environment.number('threads', { min: 1, integer: true }),
      gpu: environment.nullableString('gpu'),
    },
    data: {
      source: data.string('source'),
      train_images: data.number('train_images', { min: 1, integer: true }),
      test_images: data.number('test_images', { min: 1, integer: true }),
      tiny: data.boolean('tiny'),
    },
    settings: {
      epochs: settings.number('epochs', { min: 1, max: 1000, integer: true }),
      batch: settings.number('batch', { min: 1, integer: true }),
      learning_rate: settings.number('learning_rate', { above: true }),
      seed: settings.number('seed', { min: Number.MIN_SAFE_INTEGER, integer: true }),
      num_workers: settings.number('num_workers', { max: 256, integer: true }),
      warmup_steps: settings.number('warmup_steps', { integer: true }),
    },
    runs: file.list('runs', readRun, { min: 1, max: 20 }),
    loader_sweep: file.list('loader_sweep', readLoaderPoint, { max: 100 }),
    profile: readProfile(file),
    exercises: known >= 2 ? file.list('exercises', readExercise, { max: 50 }) : null,
    ladder: known >= 3 ? readLadder(file) : null,
  };
}

/** The text of a chosen file to results: too large, not JSON, or not the notebook's format each get their message. */
export function parseNotebookResults(text: string): NotebookResults {
  if (text.length > NOTEBOOK_RESULTS_MAX_BYTES) {
    throw new NotebookResultsError(
      `The file is larger than ${NOTEBOOK_RESULTS_MAX_BYTES / 1024 / 1024} MB; the notebook's results file is a few kilobytes.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NotebookResultsError(
      `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}): it may be damaged or cut short.`,
    );
  }
  return readNotebookResults(json);
}

// ——— table rows ———

/** A notebook run as kept in this browser: the lab's table row, and the import it came from. */
export interface NotebookRow extends ResultRow {
  /** The results file's run_id. */
  run: string;
  /** The results file's `created`. */
  date: string;
  /**
   * The file's exercises in one sentence (exercisesSentence), the same on each row of a file; null for a
   * version 1 file. Rows kept by an older page lack it.
   */
  exercises: string | null;
}

const statusWords = { passed: 'passed', failed: 'to fix', todo: 'not started' } as const satisfies Record<
  ExerciseCheck['status'],
  string
>;

/**
 * The exercises' verdicts in one sentence, e.g. "3 of 4 exercises passed: device pattern passed; event
 * timing passed (GPU part skipped); …"; null when the file records none (version 1).
 */
export function exercisesSentence(results: NotebookResults): string | null {
  const checks = results.exercises;
  if (checks === null || checks.length === 0) return null;
  const named = (name: string) =>
    name in NOTEBOOK_EXERCISES ? NOTEBOOK_EXERCISES[name as keyof typeof NOTEBOOK_EXERCISES] : name;
  const passed = checks.filter((check) => check.status === 'passed').length;
  const parts = checks.map(
    (check) => `${named(check.name)} ${statusWords[check.status]}${check.gpu_skipped ? ' (GPU part skipped)' : ''}`,
  );
  return `${passed} of ${checks.length} exercises passed: ${parts.join('; ')}.`;
}

/** How a run is named in the results table: where it ran, the device, the precision, and a tiny slice said aloud. */
function setupOf(results: NotebookResults, run: NotebookRun): string {
  const where = results.environment.colab ? 'Your Colab run' : 'Your notebook run';
  const device = run.device === 'cuda' ? 'GPU' : 'CPU';
  const precision = run.precision === 'float32' ? '' : `, ${run.precision}`;
  const tiny = results.data.tiny ? ', tiny test slice' : '';
  return `${where}: PyTorch, ${device}${precision}${tiny}`;
}

/** One row per run, in the columns of the CNN lab's results table (labs/api/cnn-report.ts). */
export function notebookRows(results: NotebookResults): NotebookRow[] {
  const exercises = exercisesSentence(results);
  return results.runs.map((run) => ({
    setup: setupOf(results, run),
    device: run.device === 'cpu' ? `${run.device_name} (${run.threads} threads)` : run.device_name,
    'time (s)': round(run.seconds, 2),
    'accuracy (%)': round(run.accuracy, 2),
    epochs: run.epochs,
    'train images': run.train_images,
    'images/s': round(run.images_per_second, 1),
    'est. 10 × 50k (s)': Math.round(PROJECT_IMAGES_SEEN / run.images_per_second),
    run: results.run_id,
    date: results.created,
    exercises,
  }));
}

/**
 * A rung as kept in this browser (the page's `lab.results` store LADDER_RESULTS_KEY, flat like every stored
 * row): the measurement, and the file it came from.
 */
export type LadderRow = LadderStep & {
  /** The results file's run_id. */
  run: string;
  /** The results file's `created`. */
  date: string;
  /** Where it ran: "Your Colab run" or "Your notebook run". */
  where: string;
  /** The ladder's device, e.g. "Tesla T4". */
  device_name: string;
  /** Epochs trained on each rung. */
  epochs: number;
};

/** One row per rung of the file's ladder; none for a file without one (versions 1 and 2). */
export function ladderRows(results: NotebookResults): LadderRow[] {
  const ladder = results.ladder;
  if (!ladder) return [];
  const where = results.environment.colab ? 'Your Colab run' : 'Your notebook run';
  return ladder.steps.map((step) => ({
    ...step,
    run: results.run_id,
    date: results.created,
    where,
    device_name: ladder.device_name,
    epochs: ladder.epochs,
  }));
}
