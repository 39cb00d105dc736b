import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { axeViolationsInBothThemes, wcagAA } from './axe.ts';
import { test, expect } from './fixtures.ts';
import { saveBrowserRows } from './saved-results.ts';

/**
 * "Add your Colab result" below the CNN lab: the companion notebook's results file adds its runs to the
 * lab's results table beside the project's reference rows, and they stay after a reload; a damaged or wrong
 * file gets a message naming what is wrong and changes nothing. The fixture is shaped like a Colab T4 run
 * (made-up numbers); tests/unit/companion-notebook-run.test.ts checks that the real notebook's file reads
 * the same way.
 */
const lessonPath = '/project/benchmarking-a-cnn/';
const fixture = readFileSync('tests/fixtures/notebook-results-colab-t4.json', 'utf8');
const fileName = 'cifar10-cpu-vs-gpu-results.json';

/**
 * The fixture as the notebook writes it now (version 3): with exercises and an optimisation ladder, measured on
 * its T4 except the rung that its PyTorch could not run.
 */
const ladderFixture = JSON.stringify({
  ...(JSON.parse(fixture) as object),
  version: 3,
  exercises: [],
  ladder: {
    device: 'cuda',
    device_name: 'Tesla T4',
    epochs: 2,
    steps: [
      ['seed-loop', 3890.2, 51.3],
      ['loss-once-per-epoch', 4215.7, 51.3],
      ['pinned-non-blocking', 4388.1, 51.1],
      ['data-on-device', 15342.9, 50.8],
      ['batch-256', 41876.4, 47.9],
      ['width-4', 30554.2, 56.2],
      ['channels-last-autocast', 38120.6, 55.9],
    ]
      .map(([step, speed, accuracy]) => ({
        step,
        kept: step !== 'batch-256',
        skipped: null,
        images_per_second: speed,
        gflops_per_second: 12.5,
        accuracy,
        seconds: 20.1,
      }))
      .concat({
        step: 'torch-compile',
        kept: false,
        skipped: 'needs PyTorch 2.0 or later (this is 1.13.1)',
        images_per_second: null,
        gflops_per_second: null,
        accuracy: null,
        seconds: null,
      } as never),
  },
});

function resultsTable(page: Page) {
  return page.getByRole('table', { name: 'Results: the project reference, your browser and your notebook' });
}

async function choose(page: Page, text: string, name = fileName): Promise<void> {
  await page.getByLabel('Add your Colab result').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('a results file from the notebook adds its runs beside the reference rows, and they stay in this browser', async ({
  page,
}) => {
  await page.goto(lessonPath);
  const table = resultsTable(page);
  await expect(table.getByRole('row', { name: /^Project reference: PyTorch, GPU NVIDIA Tesla T4/ })).toHaveCount(1);
  // The hint under the table links the notebook (the lesson's prose links it too).
  await expect(page.locator('cnn-results').getByRole('link', { name: 'companion notebook', exact: true })).toHaveAttribute(
    'href',
    /\/downloads\/cifar10-cpu-vs-gpu\.ipynb$/,
  );

  await choose(page, fixture);
  await expect(page.getByRole('status').filter({ hasText: `Added 3 rows from ${fileName}` })).toBeVisible();
  await expect(table.getByRole('row', { name: /^Your Colab run: PyTorch, GPU Tesla T4 121\.9 63\.95 10 50,000/ })).toHaveCount(1);
  await expect(table.getByRole('row', { name: /^Your Colab run: PyTorch, GPU, autocast float16 Tesla T4/ })).toHaveCount(1);
  await expect(table.getByRole('row', { name: /^Your Colab run: PyTorch, CPU Intel/ })).toHaveCount(1);
  await expect(table.getByRole('row', { name: /^Project reference/ })).toHaveCount(2);

  await page.reload();
  await expect(table.getByRole('row', { name: /^Your Colab run/ })).toHaveCount(3);

  // The same run added again replaces its rows rather than doubling them.
  await choose(page, fixture);
  await expect(page.getByRole('status').filter({ hasText: 'Replaced 3 rows' })).toBeVisible();
  await expect(table.getByRole('row', { name: /^Your Colab run/ })).toHaveCount(3);

  await page.getByRole('button', { name: 'Remove your notebook rows' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed your notebook rows.' })).toBeVisible();
  await expect(table.getByRole('row', { name: /^Your Colab run/ })).toHaveCount(0);
  await expect(table.getByRole('row', { name: /^Project reference/ })).toHaveCount(2);
});

test('a damaged or wrong file is refused with a message, and the table stays as it was', async ({ page }) => {
  await page.goto(lessonPath);
  const table = resultsTable(page);
  await choose(page, fixture);
  await expect(table.getByRole('row', { name: /^Your Colab run/ })).toHaveCount(3);
  const rowsBefore = await table.getByRole('row').allTextContents();

  const alert = page.getByRole('alert');
  await choose(page, fixture.slice(0, fixture.length / 2), 'cut-short.json');
  await expect(alert).toContainText('cut-short.json was not added, and nothing changed. The file is not valid JSON');
  await expect(alert).toContainText(`Choose the ${fileName} file the notebook saved`);
  expect(await table.getByRole('row').allTextContents()).toEqual(rowsBefore);

  const edited = JSON.parse(fixture) as { runs: Record<string, unknown>[] };
  edited.runs[1].seconds = 'fast';
  await choose(page, JSON.stringify(edited));
  await expect(alert).toContainText('"runs[1].seconds" should be a number above 0, but it is "fast".');
  expect(await table.getByRole('row').allTextContents()).toEqual(rowsBefore);

  await choose(page, JSON.stringify({ name: 'package', version: '1.0.0' }), 'package.json');
  await expect(alert).toContainText('This is not a results file of the course notebook');
  expect(await table.getByRole('row').allTextContents()).toEqual(rowsBefore);

  await page.reload();
  await expect(table.getByRole('row', { name: /^Your Colab run/ })).toHaveCount(3);
});

test("the browser's own saved runs sit beside the reference and notebook rows, and beside the notebook's optimisation ladder", async ({
  page,
}) => {
  await page.goto(lessonPath);
  const table = resultsTable(page);
  const ladder = page.getByRole('table', { name: 'The optimisation ladder: training images per second, rung by rung' });
  // Before any file: what each rung removes, and the one rung the reference T4 ran.
  await expect(ladder.getByRole('row', { name: /^1\. The project's loop Nothing yet.* 3,704 not added yet/ })).toHaveCount(1);
  await expect(
    ladder.getByRole('row', { name: /^8\. torch\.compile Python and launch overhead.* not measured on a T4 not added yet/ }),
  ).toHaveCount(1);

  await choose(page, ladderFixture);
  await expect(table.getByRole('row', { name: /^Your Colab run/ })).toHaveCount(3);
  await expect(ladder.getByRole('columnheader', { name: 'Your notebook: Tesla T4 (images/s)' })).toBeVisible();
  await expect(
    ladder.getByRole('row', { name: /^4\. Data kept on the device .* not measured on a T4 15,342\.9 50\.8 yes$/ }),
  ).toHaveCount(1);
  await expect(
    ladder.getByRole('row', { name: /^5\. Batch 256 .* 41,876\.4 47\.9 no: accuracy fell more than 2 points$/ }),
  ).toHaveCount(1);
  await expect(
    ladder.getByRole('row', { name: /^8\. torch\.compile .* skipped: needs PyTorch 2\.0 or later \(this is 1\.13\.1\) – –$/ }),
  ).toHaveCount(1);

  const row = {
    setup: 'Your browser: wasm',
    device: 'WASM, 2 threads',
    'time (s)': 41.5,
    'accuracy (%)': 35.2,
    epochs: 3,
    'images/s': 36.1,
  };
  await saveBrowserRows(page, [{ ...row, date: '2026-03-02T09:00:00Z', backend: 'wasm' }]);
  // The table reloads the saved rows whenever the lab's run ends (its data-state becomes "done").
  await page.locator('course-lab[data-lab-id="cnn"]').evaluate((lab) => lab.setAttribute('data-state', 'done'));
  await expect(table.getByRole('row', { name: /^Your browser: wasm WASM, 2 threads 41\.5 35\.2 3/ })).toHaveCount(1);
  await expect(page.getByText('Your browser: the newest 1 run of 1 saved in this browser')).toBeVisible();
  const setups = await table.locator('tbody tr td:first-child').allTextContents();
  expect(setups).toEqual([
    'Project reference: PyTorch, CPU',
    'Project reference: PyTorch, GPU',
    'Your browser: wasm',
    'Your Colab run: PyTorch, CPU',
    'Your Colab run: PyTorch, GPU',
    'Your Colab run: PyTorch, GPU, autocast float16',
  ]);
  await expect(ladder.getByRole('row', { name: /^This browser, WASM \(fastest run\) .* 36\.1 35\.2 –$/ })).toHaveCount(1);
  await expect(ladder.getByRole('row', { name: /^This browser, WebGPU \(fastest run\) .* no run yet/ })).toHaveCount(1);
});

test('the companion notebook downloads as nbformat 4 JSON', async ({ page, request }) => {
  await page.goto(lessonPath);
  const href = await page.getByRole('link', { name: 'download cifar10-cpu-vs-gpu.ipynb' }).getAttribute('href');
  const response = await request.get(new URL(href ?? '', page.url()).href);
  expect(response.ok()).toBe(true);
  const notebook = (await response.json()) as { nbformat: number; cells: { cell_type: string }[] };
  expect(notebook.nbformat).toBe(4);
  expect(notebook.cells.filter((cell) => cell.cell_type === 'code').length).toBeGreaterThan(5);
});

test('the results table with notebook rows and a ladder meets WCAG 2.1 AA in the light and dark themes', async ({ page }) => {
  await page.goto(lessonPath);
  await choose(page, ladderFixture);
  await choose(page, '{', 'broken.json');
  await expect(page.getByRole('alert')).toContainText('broken.json was not added');
  const found = await axeViolationsInBothThemes(page, { include: ['cnn-results'], tags: wcagAA });
  expect(found.join('\n'), 'accessibility violations').toBe('');
});
