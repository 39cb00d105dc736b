import { axeViolations } from './axe.ts';
import { test, expect } from './fixtures.ts';
import { loadGlossary } from '../../src/integrations/glossary-terms.ts';

/**
 * The glossary as a learner meets it: a term linked in a lesson shows its one-line definition on focus,
 * the link leads to the entry, and search finds the glossary page.
 */

const warp = loadGlossary().find((entry) => entry.id === 'warp');
if (!warp) throw new Error('content/glossary.yaml has no "warp" entry, which these tests use');

test('focusing a term in a lesson shows its definition, and the link leads to the glossary entry', async ({ page }) => {
  await page.goto('/module-5/day-9-cpu-vs-gpu/');
  const link = page.locator('main a.term[href$="glossary/#warp"]');
  await expect(link).toHaveCount(1);
  const tip = page.locator('#term-tip-warp');
  await expect(tip).toBeHidden();
  await link.focus();
  await expect(tip).toBeVisible();
  await expect(tip).toHaveText(warp.summary);
  await expect(link).toHaveAccessibleDescription(warp.summary);
  // Dismissed without moving the focus (WCAG 1.4.13), and back when the focus reaches the term again.
  await link.press('Escape');
  await expect(tip).toBeHidden();
  await link.blur();
  await link.focus();
  await expect(tip).toBeVisible();
  await link.press('Enter');
  await expect(page).toHaveURL(/\/glossary\/#warp$/);
  await expect(page.locator('#warp')).toContainText(warp.term);
});

test('the glossary is in the sidebar, lists every entry, and passes axe', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Course' }).getByRole('link', { name: 'Glossary' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
  await expect(page.locator('.glossary-entry dt')).toHaveCount(loadGlossary().length);
  expect((await axeViolations(page)).join('\n'), 'accessibility violations').toBe('');
});

test('search for "warp" finds the glossary page', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the course' });
  const input = dialog.getByRole('searchbox').or(dialog.locator('input')).first();
  await input.fill('warp');
  const result = dialog.locator('.pagefind-ui__result-link', { hasText: 'Glossary' });
  await expect(result).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(/\/glossary\//);
});
