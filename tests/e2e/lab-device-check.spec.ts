import { test, expect, openLab, runLabToDone } from './fixtures.ts';

/**
 * The device-check lab in the built site, in headless Chromium with no GPU: every backend is tried,
 * the software GPU is named as such, and the run finishes.
 */
test('the device check runs to the end and names the software GPU', async ({ page }) => {
  test.setTimeout(120_000);
  const lab = await openLab(page, '/module-5/day-9-cpu-vs-gpu/', 'device-check');
  const output = await runLabToDone(lab);
  await expect(output).toContainText('Which TensorFlow.js backends start here');
  await expect(output).toContainText(/Software GPU: SwiftShader/);
  await expect(output).toContainText('different from other tensors on cuda:0');
  await expect(output).toContainText('The hidden cost of a');
});
