import AxeBuilder from '@axe-core/playwright';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.ts';

/** Every HTML page of the built site, as a URL path. */
function builtPages(dir = 'dist', prefix = '/'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory())
      return entry.name === 'pagefind' || entry.name === '_astro'
        ? []
        : builtPages(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    if (entry.name === 'index.html') return [prefix];
    if (entry.name.endsWith('.html')) return [`${prefix}${entry.name}`];
    return [];
  });
}

// E2E_DIST: the folder that the server under test serves, when it is not dist/ (a build with --outDir).
const pages = builtPages(process.env.E2E_DIST ?? 'dist');

test('the build produced the course pages', () => {
  expect(pages).toContain('/');
  expect(pages.length).toBeGreaterThan(5);
});

for (const pagePath of pages) {
  for (const theme of ['light', 'dark'] as const) {
    test(`${pagePath} in the ${theme} theme has no WCAG 2.1 AA violations`, async ({ page }) => {
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
