import type { Page } from '@playwright/test';
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

test.describe('focus goes back to where the learner was when search closes', () => {
  const closings = {
    Escape: async (page: Page) => page.keyboard.press('Escape'),
    'the close button': async (page: Page) => page.getByRole('button', { name: 'Close search' }).click(),
    // A click on the dialog element itself, outside its frame, is a click on the backdrop.
    'a click on the backdrop': async (page: Page) => page.mouse.click(5, 5),
  } satisfies Record<string, (page: Page) => Promise<void>>;

  for (const [how, close] of Object.entries(closings)) {
    test(`opened with the search button, closed with ${how}`, async ({ page }) => {
      await page.goto('/module-5/');
      const button = page.getByRole('button', { name: 'Search', exact: true });
      await button.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Search the course' });
      await expect(dialog.locator('input').first()).toBeFocused();
      await close(page);
      await expect(dialog).toBeHidden();
      await expect(button).toBeFocused();
    });
  }

  test('opened with "/" from a link, closed with Escape: the link has the focus again', async ({ page }) => {
    await page.goto('/module-5/');
    const link = page.locator('main a[href]').first();
    await link.focus();
    await page.keyboard.press('/');
    const dialog = page.getByRole('dialog', { name: 'Search the course' });
    await expect(dialog.locator('input').first()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(link).toBeFocused();
  });

  test('opened with "/" from the page itself, closed with Escape: the search button has the focus', async ({ page }) => {
    await page.goto('/module-5/');
    await page.keyboard.press('/');
    const dialog = page.getByRole('dialog', { name: 'Search the course' });
    await expect(dialog.locator('input').first()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'Search', exact: true })).toBeFocused();
  });
});
