import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openLab, pasteCode } from './fixtures.ts';

/**
 * The CNN benchmark lab in the built project page: with its settings shrunk in the editor (as a learner
 * would), it trains on WASM and WebGL, reports both in the results table next to the project's reference
 * rows, plots a finite loss, and offers the saved results for download.
 */
const lessonPath = '/project/benchmarking-a-cnn/';

/** The lab's own code with tiny settings, so two backends train in seconds even on a software GPU. */
function tinyProgram(backends = "['wasm', 'webgl']", epochs = 1): string {
  const settings: Record<string, string> = {
    BACKENDS: backends,
    TRAIN_IMAGES: '128',
    TEST_IMAGES: '64',
    EPOCHS: String(epochs),
    BATCH_SIZE: '32',
    REPEATS: '1',
    WARMUP_STEPS: '1',
  };
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
  for (const line of lossLines) expect(Number(/mean loss (\S+)/.exec(line)?.[1])).toBeGreaterThan(0);

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

test('on WASM, the loss falls from epoch to epoch', async ({ page }) => {
  test.setTimeout(180_000);
  const lab = await openLab(page, lessonPath, 'cnn');
  await pasteSettings(page, lab, tinyProgram("['wasm']", 4));
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const output = lab.getByRole('log');
  await expect(output).toContainText('wasm');
  const losses = (await output.locator('.lab-line', { hasText: 'mean loss' }).allTextContents()).map((line) => Number(/mean loss (\S+)/.exec(line)?.[1]));
  expect(losses).toHaveLength(4);
  expect(losses.every(Number.isFinite)).toBe(true);
  expect(losses[3]).toBeLessThan(losses[0] as number);
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
        request.onerror = () => reject(request.error);
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
});
