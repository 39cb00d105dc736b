/**
 * The companion notebook's results file as the CNN lab reads it (src/cnn-results/notebook-results-format.ts): a good
 * file becomes typed results and table rows; a wrong or damaged one fails with a message that names the
 * field. The fixture is shaped like a Colab T4 run; its numbers are made up for the test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { REFERENCE_ROWS } from '../../labs/api/cnn-report.ts';
import {
  exercisesSentence,
  ladderRows,
  NOTEBOOK_RESULTS_MAX_BYTES,
  NotebookResultsError,
  notebookRows,
  parseNotebookResults,
  readNotebookResults,
} from '../../src/cnn-results/notebook-results-format.ts';

const fixtureText = readFileSync('tests/fixtures/notebook-results-colab-t4.json', 'utf8');
const fixture = (): Record<string, unknown> => JSON.parse(fixtureText) as Record<string, unknown>;

const REMOVE = Symbol('remove');

/** The exercises of a version 2 file: what the notebook's check cells record. */
const exercises = [
  { name: 'device', status: 'passed', gpu_skipped: false, message: 'pick_device() chose correctly on all 6 simulated machines.' },
  { name: 'timing', status: 'passed', gpu_skipped: true, message: 'The events enclose the work.' },
  { name: 'amp', status: 'failed', gpu_skipped: false, message: 'clip_grad_norm_ ran before scaler.unscale_(optimizer).' },
  { name: 'loader', status: 'todo', gpu_skipped: false, message: 'Not started.' },
];

/** The ladder of a version 3 file: the notebook's rungs as a CPU runtime with PyTorch 1.13 records them. */
const rung = (step: string, imagesPerSecond: number, accuracy: number, kept = true) => ({
  step,
  kept,
  skipped: null,
  images_per_second: imagesPerSecond,
  gflops_per_second: Math.round(imagesPerSecond * 3.2) / 1000,
  accuracy,
  seconds: Math.round(512000 / imagesPerSecond) / 1000,
});
const skippedRung = (step: string, reason: string) => ({
  step,
  kept: false,
  skipped: reason,
  images_per_second: null,
  gflops_per_second: null,
  accuracy: null,
  seconds: null,
});
const ladder = {
  device: 'cpu',
  device_name: 'AMD EPYC',
  epochs: 1,
  steps: [
    rung('seed-loop', 1976.5, 17.58),
    rung('loss-once-per-epoch', 2087, 17.58),
    skippedRung('pinned-non-blocking', 'needs a CUDA GPU: pinned memory only speeds up copies to a GPU'),
    rung('data-on-device', 5160, 19.53),
    rung('batch-256', 6164, 14.9, false),
    rung('width-4', 861, 22.66),
    skippedRung('channels-last-autocast', 'needs a CUDA GPU'),
    skippedRung('torch-compile', 'needs PyTorch 2.0 or later (this is 1.13.0a0)'),
  ],
};

/** The fixture as text, with each field at a path ("runs.1.seconds") set to a value, or removed. */
function edited(...changes: [path: string, value: unknown][]): string {
  const json = fixture();
  for (const [path, value] of changes) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    const parent = keys.reduce((node, key) => node[key] as Record<string, unknown>, json);
    if (value === REMOVE) delete parent[last];
    else parent[last] = value;
  }
  return JSON.stringify(json);
}

describe('parseNotebookResults', () => {
  test('reads a good file into typed results', () => {
    const results = parseNotebookResults(fixtureText);
    expect(results.environment).toMatchObject({ colab: true, gpu: 'Tesla T4', threads: 2 });
    expect(results.runs.map((run) => `${run.device} ${run.precision}`)).toEqual([
      'cpu float32',
      'cuda float32',
      'cuda autocast float16',
    ]);
    expect(results.loader_sweep).toHaveLength(8);
    expect(results.profile?.rows[0].name).toContain('DataLoader');
  });

  test('turns each run into a row with the columns of the lab’s results table', () => {
    const rows = notebookRows(parseNotebookResults(fixtureText));
    expect(rows.map((row) => row.setup)).toEqual([
      'Your Colab run: PyTorch, CPU',
      'Your Colab run: PyTorch, GPU',
      'Your Colab run: PyTorch, GPU, autocast float16',
    ]);
    expect(rows[1]).toEqual({
      setup: 'Your Colab run: PyTorch, GPU',
      device: 'Tesla T4',
      'time (s)': 121.87,
      'accuracy (%)': 63.95,
      epochs: 10,
      'train images': 50_000,
      'images/s': 4102.7,
      'est. 10 × 50k (s)': 122,
      run: '3f2b9c1e8a7d4e6f9b0c1d2e3f4a5b6c',
      date: '2026-03-02T10:15:00Z',
      exercises: null,
    });
    expect(rows[0].device).toBe('Intel(R) Xeon(R) CPU @ 2.20GHz (2 threads)');
    for (const row of rows) for (const column of Object.keys(REFERENCE_ROWS[0])) expect(row).toHaveProperty(column);
  });

  test('reads a version 1 file, written before the exercises, with no exercises and rows as before', () => {
    const results = parseNotebookResults(fixtureText);
    expect(results.version).toBe(1);
    expect(results.exercises).toBeNull();
    expect(exercisesSentence(results)).toBeNull();
    for (const row of notebookRows(results)) expect(row.exercises).toBeNull();
  });

  test('reads the exercises of a version 2 file and puts them in one sentence on every row of the file', () => {
    const results = parseNotebookResults(edited(['version', 2], ['exercises', exercises]));
    expect(results.version).toBe(2);
    expect(results.exercises?.map((check) => check.status)).toEqual(['passed', 'passed', 'failed', 'todo']);
    const sentence =
      '2 of 4 exercises passed: device pattern passed; event timing passed (GPU part skipped); ' +
      'AMP step and checkpoint to fix; DataLoader settings not started.';
    expect(exercisesSentence(results)).toBe(sentence);
    expect(notebookRows(results).map((row) => row.exercises)).toEqual([sentence, sentence, sentence]);
  });

  test('names an exercise it does not know by its name, so a newer notebook’s file still reads', () => {
    const extra = { name: 'compile', status: 'passed', gpu_skipped: false, message: 'ok' };
    const results = parseNotebookResults(edited(['version', 2], ['exercises', [extra]]));
    expect(exercisesSentence(results)).toBe('1 of 1 exercises passed: compile passed.');
  });

  test('reads the ladder of a version 3 file, skipped rungs included, and keeps one flat row per rung', () => {
    const results = parseNotebookResults(edited(['version', 3], ['exercises', exercises], ['ladder', ladder]));
    expect(results.ladder?.steps.map((step) => [step.step, step.kept, step.skipped === null])).toEqual([
      ['seed-loop', true, true],
      ['loss-once-per-epoch', true, true],
      ['pinned-non-blocking', false, false],
      ['data-on-device', true, true],
      ['batch-256', false, true],
      ['width-4', true, true],
      ['channels-last-autocast', false, false],
      ['torch-compile', false, false],
    ]);
    const rows = ladderRows(results);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({
      ...ladder.steps[0],
      run: results.run_id,
      date: results.created,
      where: 'Your Colab run',
      device_name: 'AMD EPYC',
      epochs: 1,
    });
    // Flat, like every row the page stores: no value is an object.
    for (const row of rows)
      for (const value of Object.values(row)) expect(typeof value === 'object' && value !== null).toBe(false);
  });

  test('reads versions 1 and 2 with no ladder', () => {
    expect(parseNotebookResults(fixtureText).ladder).toBeNull();
    const second = parseNotebookResults(edited(['version', 2], ['exercises', exercises]));
    expect(second.ladder).toBeNull();
    expect(ladderRows(second)).toEqual([]);
  });

  test('accepts a CPU-only run without a profile', () => {
    const firstRun = (fixture().runs as unknown[])[0];
    const text = edited(['environment.gpu', null], ['environment.cuda', null], ['runs', [firstRun]], ['profile', null]);
    expect(parseNotebookResults(text).profile).toBeNull();
  });

  const rejected: [string, string, string][] = [
    ['text that is not JSON', '{"format": "gpu-dl-course/cifar10-cpu-vs-gpu-results", "runs": [', 'The file is not valid JSON ('],
    ['a list', '[1, 2]', 'The file holds a list of 2, not the object the notebook writes.'],
    [
      'another JSON file',
      '{"name": "package"}',
      'This is not a results file of the course notebook: its "format" should be "gpu-dl-course/cifar10-cpu-vs-gpu-results", but it is missing.',
    ],
    [
      'a newer version',
      edited(['version', 4]),
      'This results file has version 4, newer than this page reads (3). Reload the page to get the current course, then add the file again.',
    ],
    ['a version that is text', edited(['version', '1']), '"version" should be 1 or 2 or 3, but it is "1".'],
    [
      'a version 3 file without a ladder',
      edited(['version', 3], ['exercises', exercises]),
      '"ladder" should be an object, but it is missing.',
    ],
    [
      'a rung that ran but has no speed',
      edited(
        ['version', 3],
        ['exercises', exercises],
        ['ladder', { ...ladder, steps: [{ ...ladder.steps[0], images_per_second: null }] }],
      ),
      '"ladder.steps[0].images_per_second" should be a number above 0, but it is null.',
    ],
    [
      'a rung with an accuracy above 100',
      edited(
        ['version', 3],
        ['exercises', exercises],
        ['ladder', { ...ladder, steps: [{ ...ladder.steps[0], accuracy: 117.6 }] }],
      ),
      '"ladder.steps[0].accuracy" should be a number from 0 to 100, but it is 117.6.',
    ],
    [
      'a version 2 file without exercises',
      edited(['version', 2]),
      '"exercises" should be a list of at most 50 entries, but it is missing.',
    ],
    [
      'an exercise with an unknown status',
      edited(['version', 2], ['exercises', [{ ...exercises[0], status: 'done' }]]),
      '"exercises[0].status" should be "passed" or "failed" or "todo", but it is "done".',
    ],
    ['no runs', edited(['runs', []]), '"runs" should be a list of 1 to 20 entries, but it is a list of 0.'],
    [
      'a run time that is text',
      edited(['runs.1.seconds', 'fast']),
      '"runs[1].seconds" should be a number above 0, but it is "fast".',
    ],
    ['a negative time', edited(['runs.0.seconds', -3]), '"runs[0].seconds" should be a number above 0, but it is -3.'],
    [
      'an accuracy above 100',
      edited(['runs.2.accuracy', 6395]),
      '"runs[2].accuracy" should be a number from 0 to 100, but it is 6395.',
    ],
    ['an unknown device', edited(['runs.0.device', 'tpu']), '"runs[0].device" should be "cpu" or "cuda", but it is "tpu".'],
    [
      'a missing field',
      edited(['runs.0.device_name', REMOVE]),
      '"runs[0].device_name" should be a text of 1 to 200 characters, but it is missing.',
    ],
    [
      'losses that do not match the epochs',
      edited(['runs.0.epoch_losses', [1.6, 1.3, 1.2, 1.1, 1.0, 1.0, 0.9, 0.9, 0.9]]),
      '"runs[0].epoch_losses" should be a list of 10 losses, one per epoch, but it is a list of 9.',
    ],
    [
      'a damaged loss',
      edited(['runs.0.epoch_losses.3', null]),
      '"runs[0].epoch_losses[3]" should be a loss of at least 0, but it is null.',
    ],
    [
      'a bad date',
      edited(['created', 'yesterday']),
      '"created" should be a date and time such as "2026-03-02T09:00:00Z", but it is "yesterday".',
    ],
    [
      'a loader point without pin_memory',
      edited(['loader_sweep.3.pin_memory', REMOVE]),
      '"loader_sweep[3].pin_memory" should be true or false, but it is missing.',
    ],
    [
      'an environment that is not an object',
      edited(['environment', 'colab']),
      '"environment" should be an object, but it is "colab".',
    ],
    [
      'a profile row with fractional calls',
      edited(['profile.rows.1.calls', 2.5]),
      '"profile.rows[1].calls" should be a whole number of at least 1, but it is 2.5.',
    ],
  ];

  test.each(rejected)('rejects %s with a message naming the field', (_what, text, message) => {
    expect(() => parseNotebookResults(text)).toThrow(NotebookResultsError);
    expect(() => parseNotebookResults(text)).toThrow(message);
  });

  test('refuses a file far larger than any results file before parsing it', () => {
    expect(() => parseNotebookResults(' '.repeat(NOTEBOOK_RESULTS_MAX_BYTES + 1))).toThrow('The file is larger than 1 MB');
  });

  test('reads a parsed value the same way as its text', () => {
    expect(readNotebookResults(fixture())).toEqual(parseNotebookResults(fixtureText));
  });
});
