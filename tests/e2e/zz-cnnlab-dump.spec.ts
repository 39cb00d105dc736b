import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

/**
 * The CNN benchmark lab in the built project page: with its settings shrunk in the editor (as a learner
 * would), it trains on WASM and WebGL, reports both in the results table next to the project's reference
 * rows, plots a finite loss, and offers the saved results for download.
 */
const lessonPath = '/project/benchmarking-a-cnn/';

/** The lab's own code with tiny settings, so two backends train in seconds even on a software GPU. */
function tinyProgram(): string {
  const settings: Record<string, string> = {
    BACKENDS: "['wasm', 'webgl', 'webgpu', 'cpu']",
    TRAIN_IMAGES: '512',
    TEST_IMAGES: '500',
    EPOCHS: '1',
    BATCH_SIZE: '64',
    REPEATS: '2',
    WARMUP_STEPS: '2',
  };
  let code = readFileSync('labs/cnn-benchmark/main.ts', 'utf8');
  for (const [name, value] of Object.entries(settings)) {
    const pattern = new RegExp(`^const ${name}(: [^=]+)? = [^;]+;`, 'm');
    expect(code, `main.ts declares ${name}`).toMatch(pattern);
    code = code.replace(pattern, (_line, type: string | undefined) => `const ${name}${type ?? ''} = ${value};`);
  }
  return code;
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

async function openLab(page: Page): Promise<Locator> {
  await page.goto(lessonPath);
  const lab = page.locator('course-lab[data-lab-id="cnn-benchmark"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await expect(lab).toHaveAttribute('data-state', 'idle');
  return lab;
}

test('trains on WASM and WebGL and reports both beside the reference rows', async ({ page }) => {
  test.setTimeout(590_000);
  const lab = await openLab(page);
  await lab.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((text) => navigator.clipboard.writeText(text), tinyProgram());
  await page.keyboard.press('ControlOrMeta+V');
  // The editor shows only the lines in view: go back to the top, where the settings are.
  await page.keyboard.press('ControlOrMeta+Home');
  await expect(lab.locator('.monaco-editor .view-lines')).toContainText('const TRAIN_IMAGES = 512');

  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  const output = lab.getByRole('log');
  await expect(output).toContainText('Estimated total: about', { timeout: 120_000 });
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 560_000 });
  console.log('DUMP\n' + (await output.innerText()) + '\nSTATUS ' + (await lab.getByRole('status').innerText()));
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
