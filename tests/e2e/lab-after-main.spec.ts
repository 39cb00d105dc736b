import type { Locator, Page } from '@playwright/test';
import { test, expect, forgetLastRun, pasteCode, useSharedLab } from './fixtures.ts';

/**
 * What a program leaves behind when main returns, and what its errors may say: timers it started are
 * waited for, so their errors are shown at their line (src/lab/worker/program-timers.ts); an error's text is
 * shown as text in the editor, never as Markdown with links (src/lab/page/lab-editor.ts).
 */
const lessonPath = '/module-5/day-10-moving-to-devices/';

const lateThrow = [
  "import type { Lab } from '../api';",
  '',
  'export default async function main(lab: Lab) {',
  "  lab.log('main is done');",
  '  setTimeout(() => {',
  "    throw new Error('thrown half a second after main returned');",
  '  }, 500);',
  '}',
].join('\n');

const endlessInterval = [
  "import type { Lab } from '../api';",
  '',
  'export default async function main(lab: Lab) {',
  '  let ticks = 0;',
  '  setInterval(() => {',
  '    ticks += 1;',
  '  }, 100);',
  "  lab.log('main is done');",
  '}',
].join('\n');

const markdownError = [
  'export default async function main() {',
  "  throw new Error('see [link](https://example.com) and **bold**');",
  '}',
].join('\n');

// The programs run one after another in one lab, as a learner would: Monaco loads once for the group.
test.describe('after main returns', () => {
  let page: Page;
  let lab: Locator;
  useSharedLab(lessonPath, 'hello-tensors', (opened) => ({ page, lab } = opened));

  test('an error thrown by a timer after main returned is shown at its line, not lost under "Done"', async () => {
    await pasteCode(page, lab, lateThrow);
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
    const log = lab.getByRole('log');
    await expect(log).toContainText('main returned with 1 timer (setTimeout) still pending. The run waits for it');
    await expect(log).toContainText(
      'Error on line 6 of main.ts, after main had returned: thrown half a second after main returned',
    );
    await expect(lab.getByRole('status')).toContainText('Error on line 6 after main returned');
  });

  test('an interval left running is waited for, then stopped with a word, and the run finishes', async () => {
    test.setTimeout(90_000);
    await pasteCode(page, lab, endlessInterval);
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const log = lab.getByRole('log');
    await expect(log).toContainText('main returned with 1 interval (setInterval) still pending');
    await expect(log).toContainText('Stopped 1 interval (setInterval) still pending 10.0 s after main returned');
  });

  test("an error's text is shown in the editor as text: no Markdown, no links", async () => {
    await pasteCode(page, lab, markdownError);
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
    await expect(lab.getByRole('log')).toContainText('see [link](https://example.com) and **bold**');

    // The hover of the underlined line, opened from the keyboard (Ctrl+K Ctrl+I) with the cursor on it.
    await expect(lab.locator('.lab-error-line')).toBeVisible();
    await lab.locator('.monaco-editor .view-line').nth(1).getByText('Error').click();
    const hover = page.locator('.monaco-hover:not(.hidden)');
    await expect(async () => {
      await page.keyboard.press('ControlOrMeta+K');
      await page.keyboard.press('ControlOrMeta+I');
      await expect(hover).toContainText('see [link](https://example.com) and **bold**', { timeout: 5_000 });
    }).toPass({ timeout: 40_000 });
    await expect(hover.locator('a[href^="https://example.com"]')).toHaveCount(0);
    await expect(hover.locator('strong, b')).toHaveCount(0);
  });
});
