import { test, expect } from './fixtures.ts';

/**
 * The mixed-precision lab in the built site, in headless Chromium with a software GPU: the float16
 * ceiling and its overflow appear, WebGL trains with both texture precisions, and the run finishes.
 */
test('the mixed-precision lab shows the float16 ceiling, the overflow and both training runs', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/module-5/why-enable-the-gpu/');
  const lab = page.locator('course-lab[data-lab-id="mixed-precision"]');
  await lab.scrollIntoViewIfNeeded();
  // Run once the editor is ready, as a learner would (this test is about the lab, not the loader).
  await expect(lab.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await expect(lab).toHaveAttribute('data-state', 'idle');
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const output = lab.getByRole('log');
  await expect(output).toContainText('Largest float16: 65504');
  await expect(output).toContainText('= Infinity');
  await expect(output).toContainText('Memory for one training step of the project CNN');
  await expect(output).toContainText('float16 textures');
  await expect(output).toContainText(/shader-f16/);
});
