import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { axeViolationsInBothThemes, wcagAA } from './axe.ts';
import { test, expect } from './fixtures.ts';
import { answerTime, benchmarkingFloods as benchmarking, report } from './flood-measure.ts';

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

test('the class results with a refused file meet WCAG 2.1 AA in the light and dark themes', async ({ page }) => {
  await page.goto(pagePath);
  await page
    .getByLabel('Results files')
    .setInputFiles([
      fixture('cnn-results-ana.json'),
      fixture('cnn-results-damaged.json'),
      fixture('notebook-results-colab-t4.json'),
    ]);
  await expect(classTable(page)).toBeVisible();
  const found = await axeViolationsInBothThemes(page, { tags: wcagAA });
  expect(found.join('\n'), 'accessibility violations').toBe('');
});

/**
 * The goals (a 200 ms answer while 130 big files load, 500 ms while 10,000 small ones do) are held by
 * `npm run bench:floods`, alone on the machine. In `npm test` another worker shares the two cores, so the
 * tests hold the page to "no freeze" (an answer within 2 s), and the small files are 2,000 (the same code
 * path, a fifth of the handing over).
 */
const bigFilesAnswerMs = benchmarking ? 200 : 2_000;
const smallFilesAnswerMs = benchmarking ? 500 : 2_000;
const smallFiles = benchmarking ? 10_000 : 2_000;

test.describe('a whole class at once', () => {
  // As in the lab's flood tests (lab-robustness.spec.ts): a machine busy with other work stalls any page now
  // and then, and a retry absorbs that; a page that freezes while it reads fails every try.
  if (benchmarking) test.describe.configure({ retries: 2 });

  /**
   * A legal results file of the CNN lab with `rows` runs of one device, each run its own, written to this
   * test's output folder; returns its path. Files go to the browser by path: the same files as in-memory
   * buffers (45 MB for 130 files) took Playwright itself more than a minute to hand over, before the
   * page's code ran.
   */
  function classFile(index: number, rows: number, device = 'WebGL 2 on ANGLE (NVIDIA, one class GPU)'): string {
    const start = Date.parse('2026-03-02T09:00:00.000Z') + index * rows * 60_000;
    const runs = Array.from({ length: rows }, (_, row) => ({
      date: new Date(start + row * 60_000).toISOString(),
      backend: 'webgl',
      data: 'CIFAR-10 (JPEG copy)',
      batch: 64,
      repeats: 1,
      'software renderer': false,
      setup: 'Your browser: webgl',
      device,
      'time (s)': 7.5,
      'accuracy (%)': 38.4,
      epochs: 3,
      'train images': 5000,
      'images/s': 1000 + ((index * 7 + row) % 1001),
      'est. 10 × 50k (s)': 250,
    }));
    const text = JSON.stringify({
      format: 'gpu-dl-course/cnn-benchmark-results',
      version: 1,
      created: '2026-03-02T12:00:00.000Z',
      rows: runs,
    });
    const path = test.info().outputPath(`learner-${index}.json`);
    writeFileSync(path, text);
    return path;
  }

  /**
   * Adds `files` and waits until the status says they were read; returns how long that took in the page
   * (from the input's change to the final status) and the slowest answer of the page meanwhile.
   */
  async function addAll(page: Page, files: string[]): Promise<{ loadMs: number; slowest: number }> {
    const status = page.locator('class-results').getByRole('status');
    await page.evaluate(() => {
      const input = document.querySelector('[data-class-files]');
      const said = document.querySelector('[data-class-status]');
      const times: Record<string, number> = {};
      (window as unknown as { classTimes: Record<string, number> }).classTimes = times;
      input?.addEventListener(
        'change',
        () => {
          times.changed ??= performance.now();
        },
        { capture: true },
      );
      if (said) {
        new MutationObserver(() => {
          if (said.textContent?.startsWith('Read ')) times.read ??= performance.now();
        }).observe(said, { childList: true, characterData: true, subtree: true });
      }
    });
    await page.getByLabel('Results files').setInputFiles(files);
    let slowest = 0;
    while (!((await status.textContent()) ?? '').startsWith('Read ')) slowest = Math.max(slowest, await answerTime(page));
    const times = await page.evaluate(() => (window as unknown as { classTimes: Record<string, number> }).classTimes);
    return { loadMs: times.read - times.changed, slowest };
  }

  test(`130 files of 1,000 runs of one device load within 10 s, and the page answers within ${bigFilesAnswerMs} ms`, async ({
    page,
  }) => {
    await page.goto(pagePath);
    const files = Array.from({ length: 130 }, (_, index) => classFile(index, 1_000));
    const { loadMs, slowest } = await addAll(page, files);
    report(`loaded in ${Math.round(loadMs)} ms; slowest answer ${Math.round(slowest)} ms`);
    expect(loadMs).toBeLessThan(10_000);
    expect(slowest).toBeLessThan(bigFilesAnswerMs);
    await expect(page.locator('class-results').getByRole('status')).toHaveText(
      'Read 130 files: 130 added. 130000 runs in 1 group of device and backend.',
    );
    await expect(classTable(page).locator('tbody tr td')).toHaveText([
      'WebGL 2 on ANGLE (NVIDIA, one class GPU)',
      'WebGL',
      '130000',
      '130',
      '1500',
      '38.4',
      '1000 – 2000',
    ]);
    await expect(page.locator('[data-class-progress]')).toBeHidden();
  });

  test(`${smallFiles.toLocaleString('en')} small files load without freezing the page for more than ${smallFilesAnswerMs} ms`, async ({
    page,
  }) => {
    await page.goto(pagePath);
    const devices = Array.from({ length: 20 }, (_, index) => `WebAssembly, ${index + 1} threads`);
    const files = Array.from({ length: smallFiles }, (_, index) => classFile(index, 1, devices[index % devices.length]));
    const { loadMs, slowest } = await addAll(page, files);
    report(`loaded in ${Math.round(loadMs)} ms; slowest answer ${Math.round(slowest)} ms`);
    expect(slowest).toBeLessThan(smallFilesAnswerMs);
    await expect(page.locator('class-results').getByRole('status')).toHaveText(
      `Read ${smallFiles} files: ${smallFiles} added. ${smallFiles} runs in 20 groups of device and backend.`,
    );
    await expect(classTable(page).locator('tbody tr')).toHaveCount(20);
  });

  test('a tiny speed reads "< 0.1" and its bar has a width', async ({ page }) => {
    await page.goto(pagePath);
    const notebook = JSON.parse(readFileSync('tests/fixtures/notebook-results-colab-t4.json', 'utf8')) as {
      runs: Record<string, number>[];
    };
    notebook.runs = [notebook.runs[0]];
    const [run] = notebook.runs;
    run.images_per_second = 0.04;
    run.seconds = (run.train_images * run.epochs) / 0.04;
    await page
      .getByLabel('Results files')
      .setInputFiles([{ name: 'slow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(notebook)) }]);
    await expect(classTable(page).locator('tbody tr td').nth(4)).toHaveText('< 0.1');
    const chart = page.getByRole('img', { name: /^Median images per second: .*, < 0\.1\.$/ });
    await expect(chart.locator('rect')).toHaveAttribute('width', /^\d+(\.\d+)?$/);
    await expect(chart.locator('text.class-chart-value')).toHaveText('< 0.1');
  });
});
