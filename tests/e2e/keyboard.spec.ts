import type { Page } from '@playwright/test';
import { openLab, test, expect } from './fixtures.ts';

/**
 * The order a keyboard user meets the controls of a lab, an exercise and a quiz: each Tab press lands on
 * the next control, checked by its accessible name (what a screen reader says), so a control that drops
 * out of the order, gets a second stop or loses its name fails here.
 */

const lessonPath = '/module-5/day-10-moving-to-devices/';

/** Presses Tab once per expected name and checks where the focus lands each time. */
async function tabThrough(page: Page, names: (string | RegExp)[]) {
  for (const name of names) {
    await page.keyboard.press('Tab');
    await expect(page.locator(':focus'), `after Tab, the focus should be on "${name}"`).toHaveAccessibleName(name);
  }
}

test('a lab: Run, the editor, the helper file, the backend picker', async ({ page }) => {
  test.setTimeout(120_000);
  const lab = await openLab(page, lessonPath, 'hello-tensors');
  await lab.getByRole('button', { name: 'Run', exact: true }).focus();
  await expect(page.locator(':focus')).toHaveAccessibleName('Run');
  // Stop is disabled until a run starts: no stop for it.
  await tabThrough(page, ['Reset code', 'Download', /^Code of the hello-tensors lab \(main\.ts\), editable/]);
  // In the editor Tab indents; Ctrl+M (the lab's hint says so) makes Tab move the focus on.
  await page.keyboard.press('Control+M');
  await tabThrough(page, ['flops.ts (used by main.ts, read-only)', /^(WebGPU|WebGL|WASM|CPU)$/]);
  // The picker is one stop: the arrow keys move within it.
  const picked = await page.locator(':focus').getAttribute('value');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(':focus')).not.toHaveAttribute('value', picked ?? '');
  await expect(page.locator(':focus')).toBeChecked();
});

test('an exercise: its lab, then the first hint and the solution', async ({ page }) => {
  test.setTimeout(120_000);
  const id = 'exercise-disposed-tensor';
  const card = page.locator(`course-exercise[data-exercise-id="${id}"]`);
  const lab = await openLab(page, lessonPath, id);
  await lab.getByRole('button', { name: 'Run', exact: true }).focus();
  await tabThrough(page, ['Reset code', 'Download', new RegExp(`^Code of the ${id} lab`)]);
  await page.keyboard.press('Control+M');
  await tabThrough(page, [/^(WebGPU|WebGL|WASM|CPU)$/, 'Hint 1 of 3']);
  // The next hint joins the order only once the first has been read.
  await tabThrough(page, ['The solution']);
  await page.keyboard.press('Shift+Tab');
  await expect(page.locator(':focus')).toHaveAccessibleName('Hint 1 of 3');
  await page.keyboard.press('Enter');
  await expect(card.locator('details[data-exercise-hint="0"]')).toHaveAttribute('open', '');
  // The next hint is shown by the first one's toggle event, which the browser fires a task after it opens.
  await expect(card.locator('details[data-exercise-hint="1"]')).toBeVisible();
  await tabThrough(page, ['Hint 2 of 3', 'The solution']);
});

test('a quiz: the options of a question, Check answer, Try again, then the next question', async ({ page }) => {
  await page.goto('/module-5/where-gpus-are-used/');
  const quiz = page.locator('course-quiz');
  const firstQuestion = quiz.locator('form').first();
  const firstOption = firstQuestion.getByRole('radio').first();
  await expect(firstOption).toBeEnabled();
  const optionName = (await firstOption.getAttribute('aria-label')) ?? (await firstQuestion.locator('label').first().innerText());
  await firstOption.focus();
  await expect(page.locator(':focus')).toHaveAccessibleName(optionName.trim());
  // Choosing with the arrow keys keeps the focus in the group and enables the check.
  await page.keyboard.press('ArrowDown');
  await expect(firstQuestion.getByRole('radio').nth(1)).toBeFocused();
  await tabThrough(page, ['Check answer']);
  await page.keyboard.press('Enter');
  await expect(firstQuestion.locator('[data-quiz-feedback]')).not.toBeEmpty();
  // Checking hides the button and locks the options: the focus waits on "Try again", then moves on.
  await expect(page.locator(':focus')).toHaveAccessibleName('Try again');
  await page.keyboard.press('Tab');
  await expect(quiz.locator('form').nth(1).getByRole('radio').first()).toBeFocused();
});
