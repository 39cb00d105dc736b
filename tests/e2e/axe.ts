import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.0 and 2.1, levels A and AA. */
export const wcagAA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** WCAG A/AA and axe's best practices (landmark-unique, region, heading-order…). */
export const allRules = [...wcagAA, 'best-practice'];

export type Theme = 'light' | 'dark';

export interface AxeScan {
  /** Rules by tag (default: `allRules`). */
  tags?: string[];
  /** Run this rule alone instead. */
  only?: string;
  /** Audit these parts of the page only. */
  include?: string[];
  /** Leave these parts out. */
  exclude?: string[];
  /** Leave these rules out. */
  disable?: string[];
}

/**
 * Runs axe on the page and returns one readable line per failing rule: the rule, its help and the elements.
 *
 * Two settings keep a scan to axe's own work, which matters on long lessons and a two-core machine: only
 * violations come back with their elements (by default every passing element comes back too, as HTML), and axe
 * runs in the page itself. The default mode runs each frame apart and then merges the results in a new blank
 * page, a second renderer for every scan; the course has no frames, so there is nothing to merge.
 */
export async function axeViolations(page: Page, scan: AxeScan = {}): Promise<string[]> {
  let builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).setLegacyMode(true);
  builder = scan.only ? builder.withRules([scan.only]) : builder.withTags(scan.tags ?? allRules);
  for (const selector of scan.include ?? []) builder = builder.include(selector);
  for (const selector of scan.exclude ?? []) builder = builder.exclude(selector);
  if (scan.disable) builder = builder.disableRules(scan.disable);
  const { violations } = await builder.analyze();
  return violations.map(
    (violation) =>
      `${violation.id}: ${violation.help}\n    ${violation.nodes.map((node) => node.target.join(' ')).join('\n    ')}`,
  );
}

/** Switches the theme the way a learner does, with the header's toggle, and waits until the page shows it. */
export async function switchTheme(page: Page, theme: Theme): Promise<void> {
  const html = page.locator('html');
  if ((await html.getAttribute('data-theme')) !== theme) await page.locator('theme-toggle button').click();
  await expect(html).toHaveAttribute('data-theme', theme);
}

/**
 * The page as it is now, in both themes: the scan's rules in the light theme, then `color-contrast`, the one
 * rule a theme changes, in the dark theme (switched in place, so the state on screen stays). Lines name the theme.
 */
export async function axeViolationsInBothThemes(page: Page, scan: AxeScan = {}): Promise<string[]> {
  await switchTheme(page, 'light');
  const found = (await axeViolations(page, scan)).map((line) => `light: ${line}`);
  await switchTheme(page, 'dark');
  found.push(...(await axeViolations(page, { ...scan, only: 'color-contrast' })).map((line) => `dark: ${line}`));
  return found;
}
