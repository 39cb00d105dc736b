import type { Locator, Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../scripts/lib/chromium-path.ts';
import { chromium } from '@playwright/test';
import { test, expect, openLab, openSharedPage, pasteCode } from './fixtures.ts';

/**
 * Out of memory, explained (src/lab/page/memory-budget.ts): a run that keeps allocating is stopped at its
 * budget with a message while the page lives on, and a run that took the tab down anyway is reported by
 * the next load of the lesson, with the code still there (src/lab/page/crash-marker.ts).
 */
const lessonPath = '/module-5/day-10-moving-to-devices/';
const markerKey = 'course-lab:run:v1:hello-tensors';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Keeps 64 MB of zeros after 64 MB, never disposing, never yielding: no timer would ever run. */
const hoarder = [
  "import * as tf from '@tensorflow/tfjs';",
  '',
  'export default async function main() {',
  '  const kept: tf.Tensor[] = [];',
  '  while (true) kept.push(tf.zeros([16 * 1024 * 1024]));',
  '}',
].join('\n');

const squares = [
  "import * as tf from '@tensorflow/tfjs';",
  "import type { Lab } from '../api';",
  '',
  'export default async function main(lab: Lab) {',
  '  const sum = tf.tidy(() => tf.square(tf.tensor1d([1, 2, 3, 4])).sum());',
  "  lab.log('sum of squares:', (await sum.data())[0]);",
  '  sum.dispose();',
  '}',
].join('\n');

const endless = 'export default async function main() {\n  // my code before the crash\n  while (true) {}\n}';

const output = (lab: Locator): Locator => lab.getByRole('log');
/** The output, also while empty (and so hidden). */
const outputBox = (lab: Locator): Locator => lab.locator('[data-lab-log]');
const editorText = (lab: Locator): Locator => lab.locator('.monaco-editor .view-lines');
const storedMarker = (page: Page, key = markerKey) => page.evaluate((name) => localStorage.getItem(name), key);
const run = (lab: Locator) => lab.getByRole('button', { name: 'Run', exact: true }).click();

/** Keeps arrays of numbers, no tensors at all, and yields now and then: only the worker's heap grows. */
const arrayHoarder = [
  'export default async function main() {',
  '  const kept: number[][] = [];',
  '  for (let i = 0; ; i++) {',
  '    kept.push(Array.from({ length: 1_000_000 }, (_, j) => j + i));',
  '    if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 0));',
  '  }',
  '}',
].join('\n');

// Chromium answers performance.measureUserAgentSpecificMemory() at its next garbage collection, up to 20 s
// later; the switch the web platform tests use answers at once, so this test waits for the lab's reaction,
// not for the collector. A browser of its own carries the switch, which the other tests do without.
test('a run that keeps allocating tensors, then one that keeps JavaScript arrays, is stopped at its budget with advice, and the page lives on', async ({
  baseURL,
}) => {
  test.setTimeout(150_000);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [...chromiumArgs, '--enable-blink-features=ForceEagerMeasureMemory'],
  });
  try {
    const shared = await openSharedPage(browser, {
      baseURL,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = shared.page;
    // The page address lowers the budget to 256 MB, so the checks need no gigabytes.
    const lab = await openLab(page, `${lessonPath}?lab-memory-budget=256`, 'hello-tensors');
    await lab.getByRole('radio', { name: 'CPU', exact: true }).check();

    // Tensors first: the tensor count crosses the budget.
    await pasteCode(page, lab, hoarder);
    await run(lab);
    await expect(lab).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
    await expect(output(lab)).toContainText('Stopped: this run held 320.0 MB of tensors, over its 256.0 MB budget.');
    await expect(output(lab)).toContainText('Running out of memory would have closed the tab');
    await expect(lab.getByRole('status')).toContainText('over the memory budget');
    const memoryLine = lab.locator('[data-lab-memory]');
    await expect(memoryLine).toContainText('of a 256.0 MB budget (lowered by the page address)');
    await expect(memoryLine.getByRole('meter', { name: /Tensor memory/ })).toBeVisible();
    expect(await storedMarker(page)).toBeNull();

    // The page answers, and the next run gets a fresh worker with its memory from zero.
    await pasteCode(page, lab, squares);
    await run(lab);
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(output(lab)).toContainText('sum of squares: 30');
    await expect(output(lab)).not.toContainText('Stopped');
    await expect(memoryLine).toContainText('Tensors: 0 B');

    // Then arrays, no tensors: the worker's heap crosses it.
    await pasteCode(page, lab, arrayHoarder);
    await run(lab);
    // A measurement every few seconds, each waiting for the worker to yield: well within this on a quiet machine.
    // On a busy one the arrays can pass a gigabyte before a measurement lands, so the figure may read in GB.
    await expect(lab).toHaveAttribute('data-state', 'error', { timeout: 100_000 });
    await expect(output(lab)).toContainText(
      /Stopped: the lab's worker held [\d.]+ [MG]B of memory \(JavaScript objects and arrays included\), over its 256\.0 MB budget\./,
    );
    await expect(output(lab)).toContainText('Running out of memory would have closed the tab');
    await expect(lab.locator('[data-lab-memory]')).toContainText(/the lab's worker [\d.]+ [MG]B of 256\.0 MB/);
    expect(await storedMarker(page)).toBeNull();
    shared.expectNoProblems();
  } finally {
    await browser.close();
  }
});

test('a crash marker left by a tab that died mid-run is told in its lab on the next load, with the code there', async ({
  page,
}) => {
  let lab = await openLab(page, lessonPath, 'hello-tensors');
  await pasteCode(page, lab, endless);
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('course-lab:v1:hello-tensors')))
    .toContain('my code before the crash');
  // What a run leaves behind when the tab dies under it; and one of another lab, on another page.
  const record = (labId: string) =>
    JSON.stringify({ version: 1, labId, runId: `dead-${labId}`, startedAt: new Date().toISOString(), codeSaved: true });
  await page.evaluate(
    ([hello, other]) => {
      localStorage.setItem('course-lab:run:v1:hello-tensors', hello);
      localStorage.setItem('course-lab:run:v1:device-check', other);
    },
    [record('hello-tensors'), record('device-check')],
  );

  await page.reload();
  lab = page.locator('course-lab[data-lab-id="hello-tensors"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(output(lab)).toContainText('The last run of this lab ended the page', { timeout: 30_000 });
  await expect(output(lab)).toContainText('probably because it ran out of memory');
  await expect(output(lab)).toContainText('Your code was saved when that run started');
  await expect(editorText(lab)).toContainText('my code before the crash', { timeout: 30_000 });
  expect(await storedMarker(page)).toBeNull();
  expect(await storedMarker(page, 'course-lab:run:v1:device-check')).not.toBeNull();

  // Told once.
  await page.reload();
  lab = page.locator('course-lab[data-lab-id="hello-tensors"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(editorText(lab)).toContainText('my code before the crash', { timeout: 30_000 });
  await expect(lab.getByRole('status')).toContainText('edited code');
  await expect(outputBox(lab)).not.toContainText('ended the page');
});

test('a tab that really dies during a run leaves the notice for the next load', async ({ page, context }) => {
  const lab = await openLab(page, lessonPath, 'hello-tensors');
  await pasteCode(page, lab, endless);
  await run(lab);
  await expect(lab).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  expect(await storedMarker(page)).toContain('"labId":"hello-tensors"');

  // The renderer dies as it does when it runs out of memory: no pagehide, nothing ends the run.
  const crashed = page.waitForEvent('crash');
  const cdp = await context.newCDPSession(page);
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;

  const next = await context.newPage();
  const reopened = await openLab(next, lessonPath, 'hello-tensors');
  await expect(output(reopened)).toContainText('The last run of this lab ended the page');
  await expect(editorText(reopened)).toContainText('my code before the crash');
  expect(await storedMarker(next)).toBeNull();
});

test('leaving the page while a run goes on is not taken for a crash', async ({ page }) => {
  let lab = await openLab(page, lessonPath, 'hello-tensors');
  await pasteCode(page, lab, endless);
  await run(lab);
  await expect(lab).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  expect(await storedMarker(page)).toContain('"labId":"hello-tensors"');

  await page.reload();
  expect(await storedMarker(page)).toBeNull();
  lab = page.locator('course-lab[data-lab-id="hello-tensors"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(editorText(lab)).toContainText('my code before the crash', { timeout: 30_000 });
  await expect(outputBox(lab)).not.toContainText('ended the page');
});
