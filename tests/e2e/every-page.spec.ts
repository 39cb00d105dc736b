import AxeBuilder from '@axe-core/playwright';
import { builtPages } from './built-pages.ts';
import { test, expect } from './fixtures.ts';

const pages = builtPages();

test('the build produced the course pages', () => {
  expect(pages).toContain('/');
  expect(pages.length).toBeGreaterThan(5);
});

for (const pagePath of pages) {
  for (const theme of ['light', 'dark'] as const) {
    test(`${pagePath} in the ${theme} theme has no WCAG 2.1 AA violations`, async ({ page }) => {
      // axe walks every node: on the long lab pages (thousands of highlighted code tokens) that takes tens
      // of seconds on a busy two-core machine, so these tests get more than the default minute.
      test.setTimeout(180_000);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(pagePath);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const summary = results.violations.map(
        (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
      );
      expect(summary).toEqual([]);
    });
  }
}
