import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

/**
 * The instructors' class-results page: many learners' results files, chosen, dropped or pasted, become a
 * table and a chart grouped by device and backend with medians; a file that cannot be read is listed with
 * the reason and the others stay; nothing is requested while files are read. Fixtures: made-up runs of three
 * learners (tests/fixtures/cnn-results-*.json), one damaged file, and the companion notebook's Colab file.
 */
const pagePath = '/instructors/class-results/';

function fixture(name: string) {
  return { name, mimeType: 'application/json', buffer: readFileSync(`tests/fixtures/${name}`) };
}

function classTable(page: Page) {
  return page.getByRole('table', { name: 'Class results by device and backend' });
}

test('valid files are grouped by device and backend with medians; invalid ones are listed with the reason', async ({ page }) => {
  await page.goto('/instructors/');
  await page.getByRole('link', { name: "Compare your class's results" }).click();
  await expect(page).toHaveURL(new RegExp(`${pagePath}$`));
  await expect(page.getByRole('heading', { name: 'Class results', level: 1 })).toBeVisible();

  await page.waitForLoadState('networkidle'); // the page's own files (and the favicon) first
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page
    .getByLabel('Results files')
    .setInputFiles([
      fixture('cnn-results-ana.json'),
      fixture('cnn-results-ben.json'),
      fixture('cnn-results-damaged.json'),
      fixture('cnn-results-chen.json'),
      fixture('notebook-results-colab-t4.json'),
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('my GPU was fast') },
    ]);
  await expect(page.locator('class-results').getByRole('status')).toHaveText(
    'Read 6 files: 4 added, 2 not added (see "Files not added"). 11 runs in 8 groups of device and backend.',
  );

  const table = classTable(page);
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(8);
  const cells = async (index: number) => rows.nth(index).locator('td').allTextContents();
  // Fastest median first: the notebook's T4 runs, then the NVIDIA laptop's WebGPU and WebGL, …
  expect((await rows.locator('td:nth-child(2)').allTextContents()).slice(0, 5)).toEqual([
    'PyTorch GPU, autocast float16',
    'PyTorch GPU',
    'WebGPU',
    'WebGL',
    'PyTorch CPU',
  ]);
  expect(await cells(3)).toEqual([
    'WebGL 2 on ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)',
    'WebGL',
    '3',
    '2',
    '2210',
    '38.4',
    '2050 – 2330',
  ]);
  expect(await cells(6)).toEqual([
    'WebAssembly, 8 threads on 8 logical cores, SIMD on',
    'WASM',
    '2',
    '2',
    '404.3',
    '38.01',
    '398.1 – 410.5',
  ]);
  expect(await cells(7)).toEqual([
    'WebAssembly, 4 threads on 4 logical cores, SIMD on',
    'WASM',
    '1',
    '1',
    '240.2',
    '38.3',
    '240.2',
  ]);

  const chart = page.getByRole('img', { name: /^Median images per second: / });
  await expect(chart).toBeVisible();
  await expect(chart.locator('rect')).toHaveCount(8);

  const accepted = page.getByRole('list').filter({ hasText: 'cnn-results-ana.json' });
  await expect(accepted.getByRole('listitem')).toHaveText([
    'cnn-results-ana.json: 3 runs from the CNN lab',
    'cnn-results-ben.json: 3 runs from the CNN lab',
    'cnn-results-chen.json: 2 runs from the CNN lab',
    'notebook-results-colab-t4.json: 3 runs from the companion notebook',
  ]);
  const refused = page.getByRole('list', { name: 'Files not added' });
  await expect(refused.getByRole('listitem')).toHaveText([
    'cnn-results-damaged.json: "rows[1].images/s" should be a number above 0, but it is "fast".',
    /^notes\.txt: The file is not valid JSON \(.*\): it may be damaged or cut short\.$/,
  ]);

  // The same file again (learners' files often share a name) adds no run twice.
  await page.getByLabel('Results files').setInputFiles([fixture('cnn-results-ana.json')]);
  await expect(accepted.getByRole('listitem').last()).toHaveText(
    'cnn-results-ana.json (2): 0 runs from the CNN lab (3 already added)',
  );
  await expect(rows).toHaveCount(8);
  expect(await cells(3)).toContain('3');

  // Nothing was sent anywhere, or fetched, while the files were read.
  expect(requests).toEqual([]);

  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.locator('class-results').getByRole('status')).toHaveText('Cleared: no files are added.');
  await expect(table).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Files' })).toBeHidden();
});

test('files can be dropped, and a results file pasted as text', async ({ page }) => {
  await page.goto(pagePath);
  const zone = page.locator('[data-drop-zone]');
  const dataTransfer = await page.evaluateHandle(
    (texts: string[]) => {
      const transfer = new DataTransfer();
      texts.forEach((text, index) =>
        transfer.items.add(new File([text], `dropped-${index + 1}.json`, { type: 'application/json' })),
      );
      return transfer;
    },
    [readFileSync('tests/fixtures/cnn-results-ana.json', 'utf8'), readFileSync('tests/fixtures/cnn-results-chen.json', 'utf8')],
  );
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(page.locator('class-results').getByRole('status')).toHaveText(
    'Read 2 files: 2 added. 5 runs in 5 groups of device and backend.',
  );

  const box = page.getByLabel('Or paste the contents of a results file');
  await box.fill('{"format": "gpu-dl-course/cnn-benchmark-results", "version": 7}');
  await page.getByRole('button', { name: 'Add pasted text' }).click();
  await expect(page.locator('class-results').getByRole('status')).toContainText(
    'pasted text 1: not added. This results file has version 7, newer than this page reads (1).',
  );
  await expect(page.getByRole('list', { name: 'Files not added' }).getByRole('listitem')).toHaveCount(1);
  await expect(box).not.toHaveValue('');

  await box.fill(readFileSync('tests/fixtures/cnn-results-ben.json', 'utf8'));
  await page.getByRole('button', { name: 'Add pasted text' }).click();
  await expect(page.locator('class-results').getByRole('status')).toHaveText(
    'pasted text 2: 3 runs from the CNN lab. 8 runs in 5 groups of device and backend.',
  );
  await expect(box).toHaveValue('');
  await expect(classTable(page).locator('tbody tr')).toHaveCount(5);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the class results with a refused file meet WCAG 2.1 AA in the ${theme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(pagePath);
    await page
      .getByLabel('Results files')
      .setInputFiles([
        fixture('cnn-results-ana.json'),
        fixture('cnn-results-damaged.json'),
        fixture('notebook-results-colab-t4.json'),
      ]);
    await expect(classTable(page)).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    await page.locator('class-results').screenshot({ path: `test-results/class-results-${theme}.png` });
  });
}
