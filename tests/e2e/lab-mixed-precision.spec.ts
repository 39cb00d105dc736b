import { test, expect, openLab, runLabToDone } from './fixtures.ts';

/**
 * The mixed-precision lab in the built site, in headless Chromium with a software GPU: the float16
 * ceiling and its overflow appear, the memory table follows autocast, WebGL trains with both texture
 * precisions, and the run finishes.
 */
test('the mixed-precision lab shows the float16 ceiling, the overflow and both training runs', async ({ page }) => {
  test.setTimeout(120_000);
  const lab = await openLab(page, '/module-5/why-enable-the-gpu/', 'mixed-precision');
  const output = await runLabToDone(lab);
  await expect(output).toContainText('Largest float16: 65504');
  await expect(output).toContainText('= Infinity');
  await expect(output).toContainText('Memory for one training step of the project CNN');
  await expect(output).toContainText('autocast float16');
  await expect(output).toContainText('Largest batch in 3.5 MB: 56 in float32, 72 with autocast.');
  await expect(output).toContainText('float16 textures');
  await expect(output).toContainText(/shader-f16/);
});
