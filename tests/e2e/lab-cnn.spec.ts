import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openLab, pasteCode, runLabToDone } from './fixtures.ts';
import { parseResultsFile } from '../../labs/api/results-file.ts';

/**
 * The CNN benchmark lab in the built project page, on the real CIFAR-10 chunks the site ships: the default
 * experiment on WASM (loss falls, accuracy above chance, a second run downloads nothing), a damaged chunk,
 * shrunk settings on WASM and WebGL beside the project's reference rows, and one crossover size on WASM and WebGL.
 */
const lessonPath = '/project/benchmarking-a-cnn/';

/** The lab's own code with tiny settings, so two backends train in seconds even on a software GPU. */
function tinyProgram(backends = "['wasm', 'webgl']", epochs = 1): string {
  return programWith({
    BACKENDS: backends,
    TRAIN_IMAGES: '128',
    TEST_IMAGES: '64',
    EPOCHS: String(epochs),
    BATCH_SIZE: '32',
    REPEATS: '1',
    WARMUP_STEPS: '1',
  });
}

/** The lab's own code with some of its settings changed, as a learner would edit them. */
function programWith(settings: Record<string, string>): string {
  let code = readFileSync('labs/cnn/main.ts', 'utf8');
  for (const [name, value] of Object.entries(settings)) {
    const pattern = new RegExp(`^const ${name}(: [^=]+)? = [^;]+;`, 'm');
    expect(code, `main.ts declares ${name}`).toMatch(pattern);
    code = code.replace(pattern, (_line, type: string | undefined) => `const ${name}${type ?? ''} = ${value};`);
  }
  return code;
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Pastes the code, then goes back to the top, where the settings are (the editor shows only the lines in view). */
async function pasteSettings(page: Page, lab: Locator, code: string): Promise<void> {
  await pasteCode(page, lab, code);
  await page.keyboard.press('ControlOrMeta+Home');
}

test('trains on WASM and WebGL and reports both beside the reference rows', async ({ page }) => {
  test.setTimeout(300_000);
  const lab = await openLab(page, lessonPath, 'cnn');
  await pasteSettings(page, lab, tinyProgram());
  await expect(lab.locator('.monaco-editor .view-lines')).toContainText("['wasm', 'webgl']");

  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  const output = lab.getByRole('log');
  await expect(output).toContainText('Estimated total: about', { timeout: 120_000 });
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(output).not.toContainText('left alive');
  await expect(output).toContainText('Method: the same model, data and seed on every backend');

  const results = lab.getByRole('figure', { name: /^Results/ }).getByRole('table');
  await expect(results).toContainText('Project reference: PyTorch, GPU');
  await expect(results.getByRole('row', { name: /Your browser: wasm/ })).toHaveCount(1);
  await expect(results.getByRole('row', { name: /Your browser: webgl/ })).toHaveCount(1);
  await expect(output).toContainText('Speed-up of webgl over the WASM CPU baseline');

  const lossLines = await output.locator('.lab-line', { hasText: 'mean loss' }).allTextContents();
  expect(lossLines).toHaveLength(2);
  for (const line of lossLines) expect(Number(/mean loss ([\d.]+)/.exec(line)?.[1])).toBeGreaterThan(0);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    lab.getByRole('link', { name: 'Download cnn-benchmark-results.csv' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('cnn-benchmark-results.csv');
  let csv = '';
  for await (const chunk of await download.createReadStream()) csv += String(chunk);
  expect(csv.split('\r\n')[0]).toContain('time (s)');
  expect(csv).toContain('webgl');
});

test('the default experiment trains on real CIFAR-10: the loss falls, accuracy beats chance, and a second run downloads nothing', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const chunkRequests: string[] = [];
  page.on('request', (request) => {
    if (/\/data\/cifar10\/.+\.bin$/.test(request.url())) chunkRequests.push(request.url());
  });
  const lab = await openLab(page, lessonPath, 'cnn');
  // Only the backend list changes: the default data, sizes and epochs are what a learner gets.
  await pasteSettings(page, lab, programWith({ BACKENDS: "['wasm']" }));
  const output = await runLabToDone(lab, 240_000);
  await expect(output).toContainText('Data: CIFAR-10 (JPEG copy), 5000 training and 2000 test images');
  await expect(output).toContainText('Krizhevsky');
  await expect(lab.locator('.lab-progress', { hasText: 'Downloading train-00.bin' })).toContainText(/MB · done/);
  await expect(lab.locator('.lab-progress', { hasText: 'Decoding train-00.bin' })).toContainText('5,000 of 5,000 images · done');
  expect(chunkRequests.map((url) => url.split('/').pop()).sort()).toEqual(['test-00.bin', 'train-00.bin']);
  // The WASM baseline measures 1 … cores threads and keeps the fastest (the page is cross-origin isolated).
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  if (cores > 1) {
    const threads = lab.getByRole('figure', { name: /^WASM threads measured on this machine/ }).getByRole('table');
    await expect(threads.getByRole('row')).toHaveCount(1 + Math.min(cores, 8));
  }

  const epochs = (await output.locator('.lab-line', { hasText: 'mean loss' }).allTextContents()).map((line) => ({
    loss: Number(/mean loss ([\d.]+)/.exec(line)?.[1]),
    accuracy: Number(/test accuracy ([\d.]+) %/.exec(line)?.[1]),
  }));
  expect(epochs).toHaveLength(3);
  expect(epochs.every((epoch) => Number.isFinite(epoch.loss) && Number.isFinite(epoch.accuracy))).toBe(true);
  expect(epochs[2].loss).toBeLessThan(epochs[0].loss);
  // Chance is 10 %; three epochs on 5,000 real images reach well above it, far below the 100 % a synthetic set gave.
  expect(epochs[2].accuracy).toBeGreaterThan(20);
  expect(epochs[2].accuracy).toBeLessThan(80);

  // The second run only has to read the same two chunks again: the tiny settings read them too.
  chunkRequests.length = 0;
  await pasteSettings(page, lab, tinyProgram("['wasm']"));
  await runLabToDone(lab, 120_000);
  await expect(output).toContainText('Data: CIFAR-10 (JPEG copy), 128 training and 64 test images');
  expect(chunkRequests, 'the second run reads the chunks this browser kept').toEqual([]);
});

test('a damaged chunk stops the run with a message naming the file, and the lab stays runnable', async ({ page }) => {
  test.setTimeout(120_000);
  await page.route('**/data/cifar10/train-00.bin', async (route) => {
    const response = await route.fetch();
    const bytes = await response.body();
    bytes[1000] = bytes[1000] ^ 0xff;
    await route.fulfill({ response, body: bytes });
  });
  const lab = await openLab(page, lessonPath, 'cnn');
  await pasteSettings(page, lab, tinyProgram("['wasm']"));
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lab).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  const output = lab.getByRole('log');
  await expect(output).toContainText('data/cifar10/train-00.bin is damaged');
  await expect(output).toContainText('downloaded twice with the same result');

  await page.unroute('**/data/cifar10/train-00.bin');
  await runLabToDone(lab, 120_000);
  await expect(output).toContainText('Your browser: wasm');
});

test('the crossover sweep times one size in 3 repeats on WASM and WebGL, and explains the missing crossover', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const lab = await openLab(page, lessonPath, 'cnn');
  // WebGPU on SwiftShader adds a minute and nothing the sweep does differently: Node's tests cover the rest.
  await pasteSettings(
    page,
    lab,
    programWith({
      EXPERIMENT: "'crossover'",
      BACKENDS: "['wasm', 'webgl']",
      SWEEP_WIDTHS: '[1]',
      SWEEP_BATCHES: '[16]',
      SECONDS_PER_POINT: '0.2',
    }),
  );
  const output = await runLabToDone(lab, 240_000);
  const table = lab.getByRole('figure', { name: /^Sweep results/ }).getByRole('table');
  for (const backend of ['wasm', 'webgl']) {
    await expect(table.getByRole('row', { name: new RegExp(`^${backend} 1 16 .* 3$`) })).toHaveCount(1);
  }
  await expect(output).toContainText('No crossover for webgl: it runs on a software renderer');
  await expect(output).toContainText('compiling its shaders');
  await expect(output).not.toContainText('shader compilation');
  await expect(lab.getByRole('img', { name: /Training speed by network width, batch 16/ })).toBeVisible();
});

test('saved results survive the next run, and damaged saved data is reset with a warning', async ({ page }) => {
  test.setTimeout(180_000);
  const lab = await openLab(page, lessonPath, 'cnn');
  // A record this version cannot read, as an older lab version or a half-finished write might leave.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('course-lab-results', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('results');
        request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
        request.onsuccess = () => {
          const transaction = request.result.transaction('results', 'readwrite');
          transaction.objectStore('results').put({ format: 0, rows: 'not rows' }, 'v1:cnn-benchmark');
          transaction.oncomplete = () => {
            request.result.close();
            resolve();
          };
        };
      }),
  );
  await pasteSettings(page, lab, tinyProgram("['wasm']"));
  const output = lab.getByRole('log');
  const run = lab.getByRole('button', { name: 'Run', exact: true });

  await run.click();
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(output).toContainText('The saved results for "cnn-benchmark" were from an older version of this lab or damaged');
  await expect(output).toContainText('Your saved results (last 1 of 1');

  await run.click();
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(output).toContainText('Your saved results (last 2 of 2');
  await expect(output).not.toContainText('older version of this lab');

  // The JSON download is the course's versioned results file, holding both saved runs.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    lab.getByRole('link', { name: 'Download cnn-benchmark-results.json' }).click(),
  ]);
  const file = parseResultsFile(readFileSync(await download.path(), 'utf8'));
  expect(file.rows.map((row) => row.backend)).toEqual(['wasm', 'wasm']);
});
