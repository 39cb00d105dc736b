import { test, expect } from './fixtures.ts';

test('search opens with "/" and finds a lesson by a word from its body', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the course' });
  await expect(dialog).toBeVisible();
  const input = dialog.getByRole('searchbox').or(dialog.locator('input')).first();
  await expect(input).toBeFocused();
  // "Krizhevsky" (the data set's author) appears only in the body of the project lesson, not in any title or description.
  await input.fill('Krizhevsky');
  const result = dialog.locator('.pagefind-ui__result-link').first();
  await expect(result).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(/\/project\/benchmarking-a-cnn\//);
});

test('search opens with Ctrl+K and closes with Escape', async ({ page }) => {
  await page.goto('/module-5/');
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search the course' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
