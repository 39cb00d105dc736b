import { test, expect, openLab, runLabToDone } from './fixtures.ts';

/**
 * The mixed-precision lab in the built site, in headless Chromium with a software GPU: the float16
 * ceiling and its overflow appear, the memory table follows autocast, WebGL trains with both texture
 * precisions, and the run finishes. The same run checks a prediction: entered before Run, set beside the
 * lab's figure after it, and both still there after a reload (no second run: the reload reads progress).
 */
test('the mixed-precision lab shows the float16 ceiling, the overflow and both training runs', async ({ page }) => {
  test.setTimeout(120_000);
  const lab = await openLab(page, '/module-5/why-enable-the-gpu/', 'mixed-precision');
  const prediction = page.getByRole('group', { name: 'Predict, then measure' }).filter({ hasText: 'smallest positive number' });
  const gap = 'You predicted 6E-5; the lab computed 5.96E-8: your prediction was 1,010 times too high.';
  await prediction.getByLabel(/smallest positive number/).fill('6e-5');
  await prediction.getByLabel(/Why I think so/).fill('2 to the -14');
  await prediction.getByRole('button', { name: 'Save my prediction' }).click();
  await expect(prediction.getByRole('status')).toHaveText('Saved: 6E-5. Now run the lab and compare.');
  const output = await runLabToDone(lab);
  await expect(prediction).toContainText(gap);
  await expect(output).toContainText('Largest float16: 65504');
  await expect(output).toContainText('= Infinity');
  await expect(output).toContainText('Memory for one training step of the project CNN');
  await expect(output).toContainText('autocast float16');
  await expect(output).toContainText('Largest batch in 3.5 MB: 56 in float32, 72 with autocast.');
  await expect(output).toContainText('float16 textures');
  await expect(output).toContainText(/shader-f16/);

  await page.reload();
  await expect(prediction.getByLabel(/smallest positive number/)).toHaveValue('0.00006');
  await expect(prediction.getByLabel(/Why I think so/)).toHaveValue('2 to the -14');
  await expect(prediction).toContainText(gap);
});
