/**
 * Runs the companion notebook the site serves, cell by cell in a real Jupyter kernel (nbclient and
 * ipykernel, scripts/pytorch/run_notebook.py), on the CPU with Debian's PyTorch, on a tiny slice of the
 * course's own CIFAR-10 images (decoded from public/data/cifar10 and written as binary records, so nothing
 * is downloaded), with the reference solutions in its exercise cells. Then the CNN lab's reader takes the
 * results file the notebook wrote.
 *
 * The exercises' check cells then run again, in one Python process (scripts/pytorch/run_exercise_checks.py),
 * on the served notebook's starters, on the reference solutions and on wrong programs: each wrong one must
 * fail its check with the message that names its mistake.
 *
 * Missing tools fail this test with the command that installs them; .ci/run installs them in CI.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { loadCifar10FromDisk } from '../../scripts/lib/cifar10-node.ts';
import { toCifarRecords } from '../../scripts/lib/cifar10-records.ts';
import { COMPANION_NOTEBOOK_FILE, companionNotebook, companionNotebookJson } from '../../src/notebook/companion-notebook.ts';
import { notebookRegions } from '../../src/notebook/percent-notebook.ts';
import {
  NOTEBOOK_RESULTS_FILE,
  ladderRows,
  NOTEBOOK_RESULTS_VERSION,
  notebookRows,
  parseNotebookResults,
  readNotebookResults,
} from '../../src/cnn-results/notebook-results-format.ts';
import { LADDER_RUNGS } from '../../src/cnn-results/ladder.ts';

const PYTHON = '/usr/bin/python3';
const INSTALL = 'apt-get install -y python3-torch python3-nbclient python3-nbformat python3-ipykernel';

function missingTools(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed (${INSTALL})`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch, nbformat, nbclient, ipykernel'], { encoding: 'utf8' });
  return probe.status === 0
    ? null
    : `${PYTHON} cannot import what the notebook run needs: ${probe.stderr.trim().split('\n').at(-1)} (${INSTALL})`;
}

const work = await mkdtemp(path.join(tmpdir(), 'course-notebook-'));
afterAll(() => rm(work, { recursive: true, force: true }));

/** The reference solution of one exercise, from scripts/pytorch/notebook_solutions.py. */
const solutions = notebookRegions({
  name: 'notebook_solutions.py',
  text: await readFile('scripts/pytorch/notebook_solutions.py', 'utf8'),
});
function solution(name: string): string {
  return (solutions.get(name) ?? []).join('\n');
}
/** The solution of `name` with `from` replaced by `to`; fails when `from` is not there, so the wrong program stays wrong. */
function broken(name: string, from: string, to: string): string {
  const code = solution(name);
  if (!code.includes(from)) throw new Error(`the ${name} solution no longer holds ${JSON.stringify(from)}; update this test`);
  return code.replace(from, to);
}

/** The notebook's exercises, in its order. */
const EXERCISES = ['device', 'timing', 'amp', 'loader', 'placement', 'accumulation', 'epoch_loss', 'benchmark'];
/** The statuses of a variant that changes only `name`, wrongly: that one fails, the starters stay "not started". */
const failing = (name: string) => EXERCISES.map((exercise) => (exercise === name ? 'failed' : 'todo'));

const variants: { name: string; cells: Record<string, string>; statuses: string[]; message?: [string, RegExp] }[] = [
  { name: 'the starters as served', cells: {}, statuses: EXERCISES.map(() => 'todo') },
  {
    name: 'the reference solutions',
    cells: Object.fromEntries(EXERCISES.map((name) => [`exercise-${name}`, solution(name)])),
    statuses: EXERCISES.map(() => 'passed'),
  },
  {
    name: 'a device function that ignores MPS',
    cells: {
      'exercise-device': broken(
        'device',
        'if getattr(torch.backends, "mps", None)',
        'if False and getattr(torch.backends, "mps", None)',
      ),
    },
    statuses: failing('device'),
    message: ['device', /Mac with Apple silicon \(MPS\), pick_device\(\) chose cpu, but mps is right/],
  },
  {
    name: 'a device function without check_available',
    cells: { 'exercise-device': broken('device', 'current_accelerator(check_available=True)', 'current_accelerator()') },
    statuses: failing('device'),
    message: [
      'device',
      /with no GPU \(a Colab CPU runtime\), pick_device\(\) chose cuda, but cpu is right\. .*check_available=True/,
    ],
  },
  {
    name: 'timing without synchronize',
    cells: { 'exercise-timing': broken('timing', 'torch.cuda.synchronize()', 'pass') },
    statuses: failing('timing'),
    message: ['timing', /^elapsed_time\(\) was read before waiting for the GPU\. Call torch\.cuda\.synchronize\(\)/],
  },
  {
    name: 'clipping before unscale_',
    cells: {
      'exercise-amp': broken(
        'amp',
        "scaler.unscale_(optimizer)  # the gradients' true values, so max_norm means what it says\n    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)",
        'torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)\n    scaler.unscale_(optimizer)',
      ),
    },
    statuses: failing('amp'),
    message: ['amp', /^clip_grad_norm_ ran before scaler\.unscale_\(optimizer\)/],
  },
  {
    name: 'a checkpoint without the scaler',
    cells: { 'exercise-amp': broken('amp', ', "scaler": scaler.state_dict()', '') },
    statuses: failing('amp'),
    message: ['amp', /^The checkpoint has no 'scaler': add scaler\.state_dict\(\)/],
  },
  {
    name: 'a loader that pins memory for the CPU',
    cells: { 'exercise-loader': broken('loader', 'pin_memory=device.type == "cuda"', 'pin_memory=True') },
    statuses: failing('loader'),
    message: ['loader', /^For a CPU, pin_memory is True/],
  },
  {
    name: 'a training pass that leaves the labels on the CPU',
    cells: {
      'exercise-placement': broken(
        'placement',
        'images, labels = images.to(device), labels.to(device)',
        'images = images.to(device)',
      ),
    },
    statuses: failing('placement'),
    message: [
      'placement',
      /^cross_entropy\(\) was given tensors on two devices: the model's output on meta, the labels on cpu\. .*images, labels = images\.to\(device\), labels\.to\(device\)/,
    ],
  },
  {
    name: 'a counter created without device=',
    cells: {
      'exercise-placement': broken(
        'placement',
        'torch.zeros((), dtype=torch.long, device=device)',
        'torch.zeros((), dtype=torch.long)',
      ),
    },
    statuses: failing('placement'),
    message: [
      'placement',
      /given tensors on two devices: a one-number tensor on cpu, a one-number tensor on meta\. .*device=device/,
    ],
  },
  {
    name: 'a training pass that prints the loss at every step',
    cells: {
      'exercise-placement': broken(
        'placement',
        '        F.cross_entropy(logits, labels).backward()\n',
        '        loss = F.cross_entropy(logits, labels)\n        loss.backward()\n        print(f"loss {loss.item():.3f}")\n',
      ),
    },
    statuses: failing('placement'),
    message: ['placement', /^Your code read a value during the pass \(\.item\(\), float\(\) or a print of a number\)/],
  },
  {
    name: 'accumulation without dividing the loss',
    cells: { 'exercise-accumulation': broken('accumulation', ' / accumulation_steps', '') },
    statuses: failing('accumulation'),
    message: ['accumulation', /^The gradients at step 1 are 4 times those of one big batch/],
  },
  {
    name: 'accumulation that never zeroes after a step',
    cells: {
      'exercise-accumulation': broken(
        'accumulation',
        '            optimizer.step()\n            optimizer.zero_grad(set_to_none=True)',
        '            optimizer.step()',
      ),
    },
    statuses: failing('accumulation'),
    message: ['accumulation', /^At step 2 the gradients still held those of step 1: call optimizer\.zero_grad\(\)/],
  },
  {
    name: 'an epoch that reads the loss at every step',
    cells: {
      'exercise-epoch_loss': broken('epoch_loss', 'train_step(images, labels).detach()', 'train_step(images, labels).item()'),
    },
    statuses: failing('epoch_loss'),
    message: ['epoch_loss', /^Values were read from the device 7 times in one epoch \(item ×7\)/],
  },
  {
    name: 'an epoch sum that keeps the graphs',
    cells: { 'exercise-epoch_loss': broken('epoch_loss', '.detach()', '') },
    statuses: failing('epoch_loss'),
    message: ['epoch_loss', /^The sum you read still carries the autograd graph of every step/],
  },
  {
    name: 'a benchmark that stops the clock without synchronize',
    cells: {
      'exercise-benchmark': broken(
        'benchmark',
        "        synchronize()  # the step's work has finished, not just been queued\n",
        '',
      ),
    },
    statuses: failing('benchmark'),
    message: ['benchmark', /^clock\(\) was read after a timed step without synchronize\(\) before it/],
  },
  {
    name: 'a benchmark that reports the mean',
    cells: { 'exercise-benchmark': broken('benchmark', 'statistics.median(times)', 'statistics.mean(times)') },
    statuses: failing('benchmark'),
    message: ['benchmark', /^median_time returned the mean, 20\.70 ms; one slow repeat pulls it up/],
  },
];

/**
 * One kernel serves both tests: the notebook with the reference solutions, then a cell this test adds at its
 * end, which runs the check cells again on every variant (run_exercise_checks.py) while torch is imported.
 */
const notebookRun = (async () => {
  const tools = missingTools();
  if (tools) return { tools };
  const images = await loadCifar10FromDisk({ train: 512, test: 256 });
  await writeFile(path.join(work, 'train.bin'), toCifarRecords(images.train));
  await writeFile(path.join(work, 'test.bin'), toCifarRecords(images.test));
  const served = path.join(work, 'served.ipynb');
  await writeFile(served, companionNotebookJson());
  const variantsFile = path.join(work, 'variants.json');
  await writeFile(variantsFile, JSON.stringify(variants));
  const checksFile = path.join(work, 'checks.jsonl');
  const solved = companionNotebook({ solutions: true });
  const scripts = path.resolve('scripts/pytorch');
  solved.cells.push({
    id: 'test-only-exercise-variants',
    cell_type: 'code',
    metadata: {},
    source: [
      `import sys\n`,
      `sys.path.insert(0, ${JSON.stringify(scripts)})\n`,
      `from run_exercise_checks import run_variants\n`,
      `with open(${JSON.stringify(checksFile)}, "w", encoding="utf-8") as out:\n`,
      `    run_variants(${JSON.stringify(served)}, ${JSON.stringify(variantsFile)}, out)`,
    ],
    outputs: [],
    execution_count: null,
  });
  const notebook = path.join(work, COMPANION_NOTEBOOK_FILE);
  await writeFile(notebook, `${JSON.stringify(solved, null, 1)}\n`);
  const resultsFile = path.join(work, NOTEBOOK_RESULTS_FILE);

  const run = await promisify(execFile)(
    PYTHON,
    ['scripts/pytorch/run_notebook.py', notebook, '--cwd', work, '--timeout', '120'],
    {
      env: {
        ...process.env,
        CNN_NOTEBOOK_TINY: '1',
        CNN_NOTEBOOK_RECORDS: work,
        CNN_NOTEBOOK_OUTPUT: resultsFile,
        PYDEVD_DISABLE_FILE_VALIDATION: '1',
      },
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`the notebook failed:\n${error.stdout ?? ''}\n${error.stderr ?? error.message}`);
  });
  return { tools, run, resultsFile, checksFile };
})();
// A failure is reported by the tests that await it.
notebookRun.catch(() => undefined);

test('the companion notebook runs on the CPU on a tiny slice, and the lab reads the results file it wrote', async () => {
  const { tools, run, resultsFile } = await notebookRun;
  expect(tools, 'the notebook run needs these tools; .ci/run installs them').toBeNull();
  if (!run || !resultsFile) return;
  const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
    code_cells: number;
    executed: number;
    ok: boolean;
  };
  expect(summary).toMatchObject({ ok: true });
  expect(summary.executed).toBe(summary.code_cells);
  expect(run.stdout).toContain('Running on: the CPU only');
  expect(run.stdout).toContain('Self CPU time total');

  const results = parseNotebookResults(await readFile(resultsFile, 'utf8'));
  expect(results.data).toMatchObject({ tiny: true, train_images: 512, test_images: 256 });
  expect(results.data.source).toContain("the course's copy");
  expect(results.environment.gpu).toBeNull();
  expect(results.runs.map((entry) => [entry.device, entry.precision])).toEqual([
    ['cpu', 'float32'],
    ['cpu', 'autocast bfloat16'],
  ]);
  for (const entry of results.runs) {
    expect(entry.epoch_losses).toHaveLength(1);
    expect(entry.accuracy).toBeGreaterThanOrEqual(0);
  }
  expect(results.loader_sweep.map((point) => point.num_workers)).toEqual([0, 2]);
  expect(results.profile?.rows.length).toBeGreaterThan(0);
  expect(results.version).toBe(NOTEBOOK_RESULTS_VERSION);
  expect(results.exercises?.map((check) => [check.name, check.status, check.gpu_skipped])).toEqual([
    ['device', 'passed', false],
    ['timing', 'passed', true],
    ['amp', 'passed', true],
    ['loader', 'passed', false],
    ['placement', 'passed', false],
    ['accumulation', 'passed', false],
    ['epoch_loss', 'passed', true],
    ['benchmark', 'passed', false],
  ]);

  const rows = notebookRows(results);
  expect(rows.map((row) => row.setup)).toEqual([
    'Your notebook run: PyTorch, CPU, tiny test slice',
    'Your notebook run: PyTorch, CPU, autocast bfloat16, tiny test slice',
  ]);
  expect(rows[0]['train images']).toBe(512);
  expect(rows[0].exercises).toMatch(/^8 of 8 exercises passed: device pattern passed; event timing passed \(GPU part skipped\)/);

  // The optimisation ladder, on the CPU: every rung trained or skipped with its reason, and the page keeps one
  // flat row per rung.
  expect(results.ladder?.device).toBe('cpu');
  expect(results.ladder?.epochs).toBe(1);
  const rungs = results.ladder?.steps ?? [];
  expect(rungs.map((rung) => rung.step)).toEqual(LADDER_RUNGS.map((rung) => rung.id));
  const skipped = Object.fromEntries(rungs.filter((rung) => rung.skipped !== null).map((rung) => [rung.step, rung.skipped]));
  expect(skipped['pinned-non-blocking']).toMatch(/^needs a CUDA GPU/);
  expect(skipped['channels-last-autocast']).toMatch(/^needs a CUDA GPU/);
  if (!('torch-compile' in skipped)) expect(rungs.at(-1)?.images_per_second).toBeGreaterThan(0);
  for (const rung of rungs.filter((candidate) => candidate.skipped === null)) {
    expect(rung.images_per_second, rung.step).toBeGreaterThan(0);
    expect(rung.accuracy, rung.step).toBeGreaterThanOrEqual(0);
  }
  expect(rungs[0]?.kept).toBe(true);
  expect(ladderRows(results)).toHaveLength(rungs.length);
}, 200_000);

test('the exercise checks pass the reference solutions, leave the starters "not started", and name the mistake of each wrong program', async () => {
  const { tools, resultsFile, checksFile } = await notebookRun;
  expect(tools, 'the checks need these tools; .ci/run installs them').toBeNull();
  if (!resultsFile || !checksFile) return;
  const outcomes = (await readFile(checksFile, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { name: string; output: string; exercises: unknown });
  expect(outcomes.map((outcome) => outcome.name)).toEqual(variants.map((variant) => variant.name));
  const written = JSON.parse(await readFile(resultsFile, 'utf8')) as Record<string, unknown>;
  for (const [index, variant] of variants.entries()) {
    const { exercises, output } = outcomes[index];
    // What the results file would hold with these verdicts: the page's reader must take it.
    const checks = readNotebookResults({ ...written, exercises }).exercises ?? [];
    expect(
      checks.map((check) => check.status),
      `${variant.name}:\n${output}`,
    ).toEqual(variant.statuses);
    if (variant.message) {
      const [name, message] = variant.message;
      expect(checks.find((check) => check.name === name)?.message, variant.name).toMatch(message);
      expect(output).toContain('✗ To fix: ');
    }
  }
  expect(outcomes[0].output).toContain('… Not started: the cell above still has its # TODO lines.');
  expect(outcomes[1].output).toContain('Skipped on this runtime, which has no CUDA GPU: timing a matrix product');
});
