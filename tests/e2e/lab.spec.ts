import type { Locator, Page } from '@playwright/test';
import { backendLabel, backendNames } from '../../src/lab/shared/backends.ts';
import { test, expect, forgetLastRun, openLab, pasteCode, useSharedLab } from './fixtures.ts';

/**
 * The lab runtime in the built site, on the lesson that embeds <Lab id="hello-tensors" />: the editor
 * loads on demand, programs run in a worker on each backend, Stop ends any program, errors point at
 * their line, and edits survive a reload.
 */
const lessonPath = '/module-5/day-10-moving-to-devices/';

/** Each program runs long enough to be a real run, and prints something only a correct run can. */
const squaresProgram = [
  "import * as tf from '@tensorflow/tfjs';",
  "import type { Lab } from '../api';",
  '',
  'export default async function main(lab: Lab) {',
  '  const sum = tf.tidy(() => tf.square(tf.tensor1d([1, 2, 3, 4])).sum());',
  "  lab.log('sum of squares:', (await sum.data())[0]);",
  '  sum.dispose();',
  '}',
].join('\n');

/** The sample lab, ready to run (its editor loads once it is near the viewport). */
const openHelloLab = (page: Page): Promise<Locator> => openLab(page, lessonPath, 'hello-tensors');

// Pasting puts code in exactly as written (typing would auto-close brackets and auto-indent).
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

function output(lab: Locator): Locator {
  return lab.getByRole('log');
}

test('the static code is there before any JavaScript loads the editor', async ({ page }) => {
  await page.goto(lessonPath);
  const lab = page.locator('course-lab[data-lab-id="hello-tensors"]');
  await expect(lab.locator('pre.astro-code, .monaco-editor').first()).toContainText('export default async function main');
  await expect(lab.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  // Helper files are shown too, folded.
  await lab.getByText('flops.ts (used by main.ts').click();
  await expect(lab.locator('.lab-helper pre')).toContainText('export function matMulFlops');
});

test('without JavaScript the lab is readable code, with no controls that cannot work', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(lessonPath);
  const lab = page.locator('course-lab[data-lab-id="hello-tensors"]');
  await expect(lab.locator('pre.astro-code').first()).toContainText('lab.time(');
  await expect(lab.getByRole('button', { name: 'Run', exact: true })).toBeHidden();
  await expect(lab.getByRole('group', { name: 'Backend' })).toBeHidden();
  await context.close();
});

test('Run pressed as soon as the page has loaded runs the program, and the editor follows', async ({ page }) => {
  await page.goto(lessonPath);
  const lab = page.locator('course-lab[data-lab-id="hello-tensors"]');
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(output(lab)).toContainText('prices × quantities');
  await expect(lab.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  // A second run on the same page gets a fresh worker, and the same result.
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(output(lab).getByText('prices × quantities')).toHaveCount(1);
});

test('edited code survives a reload, type errors and all, and Reset code brings back the original', async ({ page }) => {
  let lab = await openHelloLab(page);
  await lab.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.insertText('// my own note\nconst note: string = 42;\n');
  await expect(lab.locator('.monaco-editor .view-lines')).toContainText('my own note');

  await page.reload();
  lab = page.locator('course-lab[data-lab-id="hello-tensors"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.monaco-editor .view-lines')).toContainText('my own note', { timeout: 30_000 });
  await expect(lab.getByRole('status')).toContainText('edited code');
  // The editor type-checks only code that is not the lab's own, and a saved edit is checked as it opens.
  await expect(lab.locator('.squiggly-error')).toHaveCount(1, { timeout: 30_000 });

  await lab.getByRole('button', { name: 'Reset code', exact: true }).click();
  await expect(lab.locator('.monaco-editor .view-lines')).not.toContainText('my own note');
  await page.reload();
  lab = page.locator('course-lab[data-lab-id="hello-tensors"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.monaco-editor .view-lines')).toContainText('Hello, tensors', { timeout: 30_000 });
  await expect(lab.locator('.monaco-editor .view-lines')).not.toContainText('my own note');
});

test('corrupt saved code is ignored instead of breaking the lab', async ({ page }) => {
  await page.goto(lessonPath);
  await page.evaluate(() => localStorage.setItem('course-lab:v1:hello-tensors', '{not json'));
  const lab = await openHelloLab(page);
  await expect(lab.locator('.monaco-editor .view-lines')).toContainText('Hello, tensors');
  expect(await page.evaluate(() => localStorage.getItem('course-lab:v1:hello-tensors'))).toBeNull();
  // Not deleted: kept aside, and shown.
  expect(await page.evaluate(() => localStorage.getItem('course-lab:aside:hello-tensors'))).toBe('{not json');
  await expect(lab.getByRole('log')).toContainText('Edits saved here by another version of the course could not be opened');
});

/**
 * Programs run one after another in one lab, as a learner would: the editor (Monaco and its TypeScript
 * worker) loads once for the whole group. Each test pastes its own program; the backend tests come last,
 * as they change the backend the others would run on.
 */
test.describe('one lab, many programs', () => {
  let page: Page;
  let lab: Locator;
  useSharedLab(lessonPath, 'hello-tensors', (opened) => ({ page, lab } = opened));

  test('runs the sample lab: output appears and the state goes to done', async () => {
    // First in the group, on the code as the lesson ships it.
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(output(lab)).toContainText('prices × quantities');
    await expect(output(lab)).toContainText('matMul 256×256');
    await expect(output(lab)).toContainText('Memory (After cleaning up): 0 tensors');
    await expect(output(lab)).not.toContainText('left alive');
    await expect(lab.getByRole('status')).toContainText('Done in');
    await expect(lab.locator('.lab-chart canvas')).toHaveAttribute('aria-label', /matMul time by matrix size/);
    await expect(lab.getByRole('figure', { name: /Totals, read back/ }).getByRole('table')).toContainText('10');
    // The speeds come from flops.ts, a helper file main.ts imports: sibling modules link in the worker.
    const picked = await lab.locator('input[data-lab-backend]:checked').getAttribute('value');
    await expect(lab.getByRole('figure', { name: `matMul speed on ${picked}` })).toContainText('GFLOP/s');
    // Where a software renderer draws WebGL (as on the machines the course is tested on), WASM is the default.
    const webglDetail = lab.locator('[data-lab-backend-detail="webgl"]');
    await expect(webglDetail).not.toHaveText('checked when the lab opens');
    if (/swiftshader|llvmpipe/i.test((await webglDetail.textContent()) ?? '')) {
      expect(picked).toBe('wasm');
    }
  });

  test('on a wide screen the lab takes the content width, not the prose column', async () => {
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1600, height: 1000 });
    const [labBox, proseBox, mainWidth] = await Promise.all([
      lab.boundingBox(),
      page.locator('.prose').boundingBox(),
      page
        .locator('main')
        .evaluate(
          (main) =>
            main.clientWidth - parseFloat(getComputedStyle(main).paddingLeft) - parseFloat(getComputedStyle(main).paddingRight),
        ),
    ]);
    expect(labBox && proseBox && labBox.width).toBeGreaterThan((proseBox?.width ?? 0) + 100);
    expect(Math.abs((labBox?.width ?? 0) - mainWidth)).toBeLessThan(2);
    // Nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    if (viewport) await page.setViewportSize(viewport);
  });

  test('the editor follows the site theme', async () => {
    await expect(lab.locator('.monaco-editor').first()).not.toHaveClass(/vs-dark/);
    const darkTheme = page.getByRole('button', { name: 'Dark theme' });
    await darkTheme.click();
    await expect(lab.locator('.monaco-editor').first()).toHaveClass(/vs-dark/);
    // Back to light for the tests after this one.
    await darkTheme.click();
    await expect(lab.locator('.monaco-editor').first()).not.toHaveClass(/vs-dark/);
  });

  test('the backend picker says what each backend can do here', async () => {
    const picker = lab.getByRole('group', { name: 'Backend' });
    for (const backend of backendNames)
      await expect(picker.getByRole('radio', { name: backendLabel(backend), exact: true })).toBeEnabled();
    // The thread count the worker really starts: one per logical core on this cross-origin isolated page.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await expect(lab.locator('[data-lab-backend-detail="wasm"]')).toContainText(
      `multi-threaded: ${cores} threads, one per logical core`,
    );
    await expect(lab.locator('[data-lab-isolation]')).toBeHidden();
  });

  test('the editor knows the types of TensorFlow.js and of the lab API', async () => {
    await pasteCode(
      page,
      lab,
      "import * as tf from '@tensorflow/tfjs';\nimport type { Lab } from '../api';\nexport default async function main(lab: Lab) {\n  const n: string = tf.scalar(1);\n  lab.nope();\n}",
    );
    // Two type errors, underlined: a Tensor is not a string, and the lab API has no "nope".
    await expect(lab.locator('.squiggly-error')).toHaveCount(2, { timeout: 30_000 });
  });

  test('completion offers TensorFlow.js functions with their documentation', async () => {
    await pasteCode(page, lab, "import * as tf from '@tensorflow/tfjs';\nexport default async function main() {\n  tf.matM");
    // On a busy machine the paste can still be landing when the shortcut arrives, which then asks nothing;
    // a learner would press it again.
    await expect(async () => {
      await page.keyboard.press('Control+Space');
      await expect(page.locator('.suggest-widget')).toContainText('matMul', { timeout: 5_000 });
    }).toPass({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page.keyboard.type('ul(');
    await expect(page.locator('.parameter-hints-widget')).toContainText('transposeA', { timeout: 30_000 });
  });

  test('Ctrl+Enter in the editor runs the program', async () => {
    await pasteCode(page, lab, "export default async function main() {\n  console.log('run by keyboard');\n}");
    await forgetLastRun(lab);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(output(lab)).toContainText('run by keyboard');
  });

  test('the program cannot reach the page: it runs in a worker', async () => {
    await pasteCode(
      page,
      lab,
      "export default async function main() {\n  console.log('has document:', typeof document !== 'undefined');\n}",
    );
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(output(lab)).toContainText('has document: false');
  });

  test('tensors left alive after a run are reported', async () => {
    await pasteCode(
      page,
      lab,
      squaresProgram.replace(
        'tf.tidy(() => tf.square(tf.tensor1d([1, 2, 3, 4])).sum())',
        'tf.square(tf.tensor1d([1, 2, 3, 4])).sum()',
      ),
    );
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(output(lab)).toContainText('2 tensors were left alive');
    await expect(lab.getByRole('status')).toContainText('Done in');
  });

  test('Download saves the code in the editor', async () => {
    await pasteCode(page, lab, '// downloaded\nexport default async function main() {}');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      lab.getByRole('button', { name: 'Download', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('hello-tensors-main.ts');
    const stream = await download.createReadStream();
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    expect(text).toBe('// downloaded\nexport default async function main() {}');
  });

  test('Stop ends an endless loop and the page answers right away', async () => {
    await pasteCode(page, lab, 'export default async function main() {\n  while (true) {}\n}');
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await lab.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'idle', { timeout: 1_000 });
    await expect(lab.getByRole('status')).toContainText('Stopped');
    // The page is responsive: Reset takes effect at once.
    await lab.getByRole('button', { name: 'Reset code', exact: true }).click();
    await expect(lab.locator('.monaco-editor .view-lines')).toContainText('Hello, tensors', { timeout: 1_000 });
  });

  test('a program that logs without end is capped, and Stop still ends it', async () => {
    await pasteCode(page, lab, "export default async function main() {\n  for (;;) console.log('again');\n}");
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(output(lab)).toContainText('Output limit reached', { timeout: 30_000 });
    await lab.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'idle', { timeout: 1_000 });
    expect(await output(lab).locator('.lab-line').count()).toBeLessThanOrEqual(1_000);
  });

  test('a thrown error is shown in the output and marked at its line', async () => {
    const failing = [
      "import * as tf from '@tensorflow/tfjs';",
      'export default async function main() {',
      '  const ok = tf.scalar(1);',
      "  throw new Error('the answer is not ' + ok.shape.length);",
      '}',
    ].join('\n');
    await pasteCode(page, lab, failing);
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
    await expect(output(lab)).toContainText('Error on line 4 of main.ts: the answer is not 0');
    await expect(lab.getByRole('status')).toContainText('line 4');

    // The decoration sits on line 4: level with the gutter's "4".
    const marked = lab.locator('.lab-error-line');
    await expect(marked).toHaveCount(1);
    const lineNumber = lab.locator('.line-numbers', { hasText: /^4$/ });
    const [markedBox, numberBox] = await Promise.all([marked.boundingBox(), lineNumber.boundingBox()]);
    expect(markedBox && numberBox && Math.abs(markedBox.y - numberBox.y)).toBeLessThan(2);
    // And the squiggle (a Monaco marker) carries the message.
    await expect(lab.locator('.squiggly-error')).not.toHaveCount(0);
  });

  test('a tfjs error inside the program points at the call that failed', async () => {
    const mismatched = [
      "import * as tf from '@tensorflow/tfjs';",
      '',
      'export default async function main() {',
      '  const a = tf.ones([2, 3]);',
      '  const b = tf.ones([4, 5]);',
      '  tf.matMul(a, b);',
      '}',
    ].join('\n');
    await pasteCode(page, lab, mismatched);
    await lab.getByRole('radio', { name: 'CPU', exact: true }).check();
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
    await expect(output(lab)).toContainText('on line 6 of main.ts');
    await expect(output(lab)).toContainText('inner shapes');
  });

  test("a message the program forges is checked at the page's door and not drawn", async () => {
    // The page numbers its runs from 1 and ignores messages of other runs: the program posts an output with a
    // bad field for each of the first 40 ids, this run's among them.
    await pasteCode(
      page,
      lab,
      "export default async function main() {\n  for (let requestId = 1; requestId <= 40; requestId++) (self as any).postMessage({ type: 'output', requestId, output: { kind: 'table', columns: ['a'], rows: 'not rows' } });\n  console.log('after the forgery');\n}",
    );
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(output(lab)).toContainText(
      'The page ignored a message from the lab\'s worker: output "table": "rows" should be a list',
    );
    await expect(output(lab)).toContainText('after the forgery');
    await expect(output(lab).getByRole('table')).toHaveCount(0);
  });

  test('a syntax error stops the run before it starts and is marked', async () => {
    await pasteCode(page, lab, 'export default async function main() {\n  const x = ;\n}');
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
    await expect(output(lab)).toContainText('main.ts, line 2');
    await expect(lab.locator('.lab-error-line')).toHaveCount(1);
  });

  for (const backend of backendNames) {
    const label = backendLabel(backend);
    test(`runs a program on the ${label} backend`, async () => {
      await lab.getByRole('radio', { name: label, exact: true }).check();
      await pasteCode(page, lab, squaresProgram);
      await forgetLastRun(lab);
      await lab.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
      await expect(output(lab)).toContainText('sum of squares: 30');
      await expect(output(lab)).toContainText(`Running on ${label}`);
      await expect(output(lab)).not.toContainText('left alive');
      await expect(lab).toHaveAttribute('data-backend', backend);
    });
  }
});
