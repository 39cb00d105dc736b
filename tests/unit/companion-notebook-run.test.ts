/**
 * Runs the companion notebook the site serves, cell by cell in a real Jupyter kernel (nbclient and
 * ipykernel, scripts/pytorch/run_notebook.py), on the CPU with Debian's PyTorch, on a tiny slice of the
 * course's own CIFAR-10 images (decoded from public/data/cifar10 and written as binary records, so nothing
 * is downloaded). Then the CNN lab's reader takes the results file the notebook wrote.
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
import { COMPANION_NOTEBOOK_FILE, companionNotebookJson } from '../../src/notebook/companion-notebook.ts';
import { NOTEBOOK_RESULTS_FILE, notebookRows, parseNotebookResults } from '../../src/cnn-results/notebook-results-format.ts';

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

test('the companion notebook runs on the CPU on a tiny slice, and the lab reads the results file it wrote', async () => {
  expect(missingTools(), 'the notebook run needs these tools; .ci/run installs them').toBeNull();

  const images = await loadCifar10FromDisk({ train: 512, test: 256 });
  await writeFile(path.join(work, 'train.bin'), toCifarRecords(images.train));
  await writeFile(path.join(work, 'test.bin'), toCifarRecords(images.test));
  const notebook = path.join(work, COMPANION_NOTEBOOK_FILE);
  await writeFile(notebook, companionNotebookJson());
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

  const rows = notebookRows(results);
  expect(rows.map((row) => row.setup)).toEqual([
    'Your notebook run: PyTorch, CPU, tiny test slice',
    'Your notebook run: PyTorch, CPU, autocast bfloat16, tiny test slice',
  ]);
  expect(rows[0]['train images']).toBe(512);
}, 200_000);
