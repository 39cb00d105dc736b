import type { Page } from '@playwright/test';
import { statSync } from 'node:fs';
import path from 'node:path';
import { axeViolations, switchTheme, type Theme } from './axe.ts';
import { builtPages, builtSiteDir } from './built-pages.ts';
import { openLab, runLabToDone, test, expect } from './fixtures.ts';

/**
 * axe-core on every page the build produced, as a learner sees it: after `load`, network idle and the
 * upgrade of every custom element on the page, with the WCAG 2.0/2.1 A and AA rules and axe's best
 * practices (landmark-unique, region, heading-order…), at 1366 px and at 390 px.
 *
 * Only `color-contrast` depends on the theme, so the dark theme runs that rule alone, in the same loaded
 * page (the theme toggle switches it in place); the 390 px pass resizes the same page (see auditPage). One browser page
 * serves a whole group of pages: the cost of a test is axe, not starting browsers and loading pages again.
 * A lab with its output on screen and an exercise with its check results are audited after a real run.
 *
 * Highlighted code is thousands of tokens a lesson, each a <span> coloured by the Shiki theme: axe's contrast
 * rule over them took minutes per lesson on this two-core machine, and their colours are the same few on every
 * page. So the palette itself is checked against the code background in both themes by a unit test
 * (tests/unit/code-theme-contrast.test.ts), and axe checks the tokens as rendered on one lesson
 * (`spotCheckPage`, both themes); on every other page axe skips the tokens.
 */

const wide = { width: 1366, height: 900 };
const narrow = { width: 390, height: 844 };

interface AuditOptions {
  /** Run this rule alone. */
  only?: string;
  /** Audit this part of the page only. */
  include?: string;
  /** Let the rules visit the tokens of highlighted code too (see the file's comment). */
  codeTokens?: boolean;
  /** Every rule but `color-contrast`. */
  withoutContrast?: boolean;
}

/**
 * The tokens of highlighted code: thousands of <span style="…"> on a lesson, which only `color-contrast`
 * has anything to say about (no roles, ids, names or focusable elements). The <pre> around them, and the
 * text of code outside highlighted blocks, are always audited.
 */
const codeTokens = 'pre.astro-code > code';

/**
 * The lesson whose highlighted code axe audits as rendered, in both themes; and where the header, the same
 * component on every page, is checked for contrast at phone width in the dark theme too.
 */
const spotCheckPage = '/module-5/where-gpus-are-used/';

/** Runs axe and returns one readable line per failing rule: page, moment, rule, help and the elements. */
async function audit(page: Page, where: string, theme: Theme, options: AuditOptions = {}) {
  const violations = await axeViolations(page, {
    ...(options.only ? { only: options.only } : {}),
    ...(options.include ? { include: [options.include] } : {}),
    ...(options.codeTokens ? {} : { exclude: [codeTokens] }),
    ...(options.withoutContrast ? { disable: ['color-contrast'] } : {}),
  });
  const width = page.viewportSize()?.width;
  return violations.map((line) => `${where} (${theme}, ${width} px): ${line}`);
}

/** Waits until every custom element on the page is defined and upgraded; fails naming the ones that never are. */
async function customElementsUpgraded(page: Page) {
  const missing = await page.evaluate(async () => {
    const names = [...new Set([...document.querySelectorAll('*')].map((element) => element.localName))].filter((name) =>
      name.includes('-'),
    );
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000));
    await Promise.race([Promise.all(names.map((name) => customElements.whenDefined(name))), timeout]);
    return names.filter((name) => !customElements.get(name));
  });
  expect(missing, 'custom elements that never upgraded').toEqual([]);
}

async function loaded(page: Page, urlPath: string) {
  await page.goto(urlPath);
  await page.waitForLoadState('load');
  await page.waitForLoadState('networkidle');
  await customElementsUpgraded(page);
}

/**
 * Every rule in the light theme at 1366 px; contrast, the one rule the theme changes, in the dark theme at
 * 1366 px; and at 390 px (the same page, resized) every rule but contrast, which follows the theme's colours,
 * not the width, and costs as much as all the others together. The spot-check page has contrast at 390 px
 * too: the whole page in the light theme, the header in the dark. Each axe run costs about as much as the
 * page's DOM is large, whatever it is asked to check, so a page gets three runs, not one per rule and moment.
 */
async function auditPage(page: Page, where: string, include?: string) {
  const codeTokens = where === spotCheckPage;
  await page.setViewportSize(wide);
  await switchTheme(page, 'light');
  const found = await audit(page, where, 'light', { include, codeTokens });
  await switchTheme(page, 'dark');
  found.push(...(await audit(page, where, 'dark', { only: 'color-contrast', include, codeTokens })));
  await page.setViewportSize(narrow);
  if (where === spotCheckPage) found.push(...(await audit(page, where, 'dark', { only: 'color-contrast', include: 'header' })));
  await switchTheme(page, 'light');
  found.push(...(await audit(page, where, 'light', { include, withoutContrast: where !== spotCheckPage })));
  return found;
}

test.use({ viewport: wide, colorScheme: 'light', reducedMotion: 'reduce' });

const pages = builtPages();
// Four groups of about equal weight keep both workers busy to the end, with four browser pages in all. A
// page's HTML size stands for its axe time (code tokens dominate both): heaviest first, each to the
// lightest group so far.
const groupCount = 4;
const groups = balancedGroups(pages, groupCount);

function balancedGroups(paths: string[], count: number): string[][] {
  const weight = (urlPath: string) =>
    statSync(path.join(builtSiteDir, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath)).size;
  const sized = paths.map((urlPath) => ({ urlPath, size: weight(urlPath) })).sort((a, b) => b.size - a.size);
  const buckets = Array.from({ length: count }, () => ({ paths: [] as string[], size: 0 }));
  for (const { urlPath, size } of sized) {
    const lightest = buckets.reduce((best, bucket) => (bucket.size < best.size ? bucket : best));
    lightest.paths.push(urlPath);
    lightest.size += size;
  }
  return buckets.map((bucket) => bucket.paths);
}

test('the build produced the course pages', () => {
  expect(pages).toContain('/');
  expect(pages).toContain('/404.html');
  expect(pages.some((urlPath) => urlPath.startsWith('/instructors/answer-keys/'))).toBe(true);
  expect(pages.length).toBeGreaterThan(5);
  expect(pages, 'the lesson whose code tokens axe checks for contrast').toContain(spotCheckPage);
});

for (const [index, group] of groups.entries()) {
  test(`built pages, group ${index + 1} of ${groupCount}: WCAG A/AA and best practices, light and dark, 1366 and 390 px`, async ({
    page,
  }) => {
    // One long lesson alone (the project's, thousands of highlighted code tokens) takes minutes of axe on a
    // busy two-core machine; a group is about one such lesson's weight.
    test.setTimeout(15 * 60_000);
    const found: string[] = [];
    for (const urlPath of group) {
      await page.setViewportSize(wide);
      await loaded(page, urlPath);
      found.push(...(await auditPage(page, urlPath)));
    }
    expect(found.join('\n'), 'accessibility violations').toBe('');
  });
}

test('a lab with its output and an exercise with its check results on screen', async ({ page }) => {
  test.setTimeout(300_000);
  const lessonPath = '/module-5/day-10-moving-to-devices/';
  const lab = await openLab(page, lessonPath, 'hello-tensors');
  await lab.getByRole('radio', { name: 'CPU', exact: true }).check();
  await expect(await runLabToDone(lab)).not.toBeEmpty();
  await expect(lab.locator('.lab-log table').first()).toBeVisible();

  const exercise = page.locator('course-exercise[data-exercise-id="exercise-disposed-tensor"]');
  const exerciseLab = exercise.locator('course-lab');
  await exerciseLab.scrollIntoViewIfNeeded();
  await expect(exerciseLab.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await exerciseLab.getByRole('radio', { name: 'CPU', exact: true }).check();
  await exerciseLab.getByRole('button', { name: 'Run', exact: true }).click();
  // The starter fails: the list shows which checks pass and which do not, with their messages.
  await expect(exercise.locator('[data-exercise-summary]')).toContainText(/of \d+ checks pass/, { timeout: 90_000 });
  await expect(exercise.locator('[data-exercise-requirements] li[data-passed="false"]').first()).toBeVisible();
  await exercise.locator('details[data-exercise-hint] summary').first().click();

  const found = await auditPage(page, `${lessonPath} lab hello-tensors after a run`, 'course-lab[data-lab-id="hello-tensors"]');
  found.push(
    ...(await auditPage(
      page,
      `${lessonPath} exercise-disposed-tensor after a run`,
      'course-exercise[data-exercise-id="exercise-disposed-tensor"]',
    )),
  );
  expect(found.join('\n'), 'accessibility violations').toBe('');
});

test.describe('with JavaScript off', () => {
  test('a lab shows its code and says that running it needs JavaScript; code tabs read as labelled blocks', async ({ page }) => {
    // The page without its scripts, as a browser that runs none shows it. Not Playwright's javaScriptEnabled:
    // axe, which audits the page below, runs as a script in it.
    await page.route('**/module-5/day-10-moving-to-devices/', async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(/<script\b[\s\S]*?<\/script>/g, '');
      await route.fulfill({ response, body: html });
    });
    await page.goto('/module-5/day-10-moving-to-devices/');
    await expect(page.locator('html')).not.toHaveClass(/\bjs\b/);
    const lab = page.locator('course-lab[data-lab-id="hello-tensors"]');
    await expect(lab.getByText('Running this lab needs JavaScript. You can still read its code below')).toBeVisible();
    await expect(lab.locator('[data-lab-code] pre')).toContainText('export default async function main(lab: Lab)');
    // Controls that cannot work are not offered.
    await expect(lab.getByRole('button', { name: 'Run', exact: true })).toBeHidden();
    await expect(lab.getByRole('group', { name: 'Backend' })).toBeHidden();

    // Every tab panel is shown under its visible label, and none of them is a landmark.
    const firstTabs = page.locator('course-tabs').first();
    await expect(firstTabs.locator('.tab-panel-label', { hasText: 'PyTorch' })).toBeVisible();
    await expect(firstTabs.locator('.tab-panel-label', { hasText: 'TensorFlow.js' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'PyTorch' })).toHaveCount(0);

    const found = await audit(page, '/module-5/day-10-moving-to-devices/ without JavaScript', 'light', {
      include: 'course-lab[data-lab-id="hello-tensors"]',
    });
    expect(found.join('\n'), 'accessibility violations').toBe('');
  });
});

test('with JavaScript on, the notes for readers without it are gone', async ({ page }) => {
  await page.goto('/module-5/day-10-moving-to-devices/');
  await expect(
    page.locator('course-lab[data-lab-id="hello-tensors"]').getByText('Running this lab needs JavaScript'),
  ).toBeHidden();
  await expect(page.locator('course-quiz').first().getByText('Checking answers needs JavaScript.')).toBeHidden();
});
