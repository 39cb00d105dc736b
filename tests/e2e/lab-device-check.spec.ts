import { test, expect } from './fixtures.ts';

/**
 * The device-check lab in the built site, in headless Chromium with no GPU: every backend is tried,
 * the software GPU is named as such, and the run finishes.
 */
test('the device check runs to the end and names the software GPU', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/module-5/day-9-cpu-vs-gpu/');
  const lab = page.locator('course-lab[data-lab-id="device-check"]');
  await lab.scrollIntoViewIfNeeded();
  // Run once the editor is ready, as a learner would (this test is about the lab, not the loader).
  await expect(lab.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await expect(lab).toHaveAttribute('data-state', 'idle');
  await lab.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const output = lab.getByRole('log');
  await expect(output).toContainText('Which TensorFlow.js backends start here');
  await expect(output).toContainText(/Software GPU: SwiftShader/);
  await expect(output).toContainText('cuda:0 and cpu!');
  await expect(output).toContainText('The hidden cost of a');
});
