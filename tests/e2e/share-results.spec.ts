import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parseResultsFile } from '../../labs/api/results-file.ts';
import { shareLink, sharedResultOf } from '../../src/cnn-results/shared-result.ts';
import { axeViolationsInBothThemes, wcagAA } from './axe.ts';
import { test, expect } from './fixtures.ts';
import { saveBrowserRows } from './saved-results.ts';

// Dates and numbers are written in the learner's locale and time zone: fix both, so the labels are known.
test.use({ locale: 'en-GB', timezoneId: 'UTC' });

/**
 * Sharing results from the CNN lab's results table: a short link carries one run's summary in its
 * fragment and, opened elsewhere, shows it as a "Shared result" row beside the reader's own rows; a damaged
 * or unknown link changes nothing; the results card downloads as a PNG and the results file as the lab's
 * versioned JSON. Runs are saved into the results store as the lab saves them (running the lab takes minutes).
 */
const lessonPath = '/project/benchmarking-a-cnn/';
const saved = parseResultsFile(readFileSync('tests/fixtures/cnn-results-ana.json', 'utf8')).rows;

function resultsTable(page: Page) {
  return page.getByRole('table', { name: 'Results: the project reference, your browser and your notebook' });
}

/** Opens the lesson with the fixture's three runs saved in this browser, as after a run of the lab. */
async function openWithSavedRuns(page: Page): Promise<void> {
  await page.goto(lessonPath);
  await saveBrowserRows(page, saved);
  await page.reload();
  await expect(resultsTable(page).getByRole('row', { name: /^Your browser: / })).toHaveCount(3);
}

async function makeLink(page: Page, label: RegExp): Promise<string> {
  const choice = page.getByLabel('Result to share');
  const option = choice.locator('option').filter({ hasText: label });
  await choice.selectOption((await option.getAttribute('value')) ?? '');
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toMatch(/#result=[A-Za-z0-9_-]+$/);
  return link;
}

test('a share link carries a run to another browser, where it shows beside that learner’s own rows; the card and the results file download', async ({
  page,
  context,
  browser,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openWithSavedRuns(page);
  // The fastest run is offered first, whatever order the runs were saved in.
  await expect(page.getByLabel('Result to share').locator('option:checked')).toHaveText(/^WebGPU · 2,650\.3 images\/s · /);
  const link = await makeLink(page, /^WebGL · 2,210 images\/s · 2 Mar 2026, 09:30$/);
  await expect(
    page
      .locator('cnn-results')
      .getByRole('status')
      .filter({ hasText: `Link copied (${link.length} characters)` }),
  ).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect(link.length).toBeLessThan(450);

  // Another learner: a fresh browser profile, with a run of their own saved.
  const other = await browser.newContext();
  const reader = await other.newPage();
  const requests: string[] = [];
  reader.on('request', (request) => requests.push(request.url()));
  await reader.goto(lessonPath);
  await saveBrowserRows(reader, [
    { ...saved[0], setup: 'Your browser: wasm', device: 'WebAssembly, 2 threads on 2 logical cores, SIMD on' },
  ]);
  await reader.goto(link);
  const table = resultsTable(reader);
  await expect(
    table.getByRole('row', {
      name: /^Shared result: WebGL, 2 Mar 2026 WebGL 2 on ANGLE \(NVIDIA, NVIDIA GeForce RTX 3060 .* 38\.4 3 5,000 2,210 226$/,
    }),
  ).toHaveCount(1);
  await expect(reader.locator('cnn-results').getByRole('status')).toContainText(
    'Showing a shared result as the "Shared result" row: WebGL on WebGL 2',
  );
  expect(await table.locator('tbody tr td:first-child').allTextContents()).toEqual([
    'Project reference: PyTorch, CPU',
    'Project reference: PyTorch, GPU',
    'Your browser: wasm',
    'Shared result: WebGL, 2 Mar 2026',
  ]);
  // The fragment never reaches the server: no request carries the result.
  expect(requests.filter((url) => url.includes('result='))).toEqual([]);
  // Nothing was saved: without the fragment, the reader's table is their own again.
  await reader.goto(lessonPath);
  await expect(table.getByRole('row', { name: /^Shared result/ })).toHaveCount(0);
  await expect(table.getByRole('row', { name: /^Your browser: wasm/ })).toHaveCount(1);
  await other.close();

  // Back with the learner who shared: the results card downloads as a PNG of the table, the results file as
  // the lab's JSON.
  const [card] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download results card (PNG)' }).click(),
  ]);
  expect(card.suggestedFilename()).toMatch(/^cnn-results-card-\d{4}-\d{2}-\d{2}\.png$/);
  const png = readFileSync(await card.path());
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  // IHDR: width and height, big-endian, at bytes 16 and 20. Five rows: the two reference rows and three runs.
  expect(png.readUInt32BE(16)).toBe(1200);
  expect(png.readUInt32BE(20)).toBeGreaterThan(500);
  expect(png.readUInt32BE(20)).toBeLessThan(1000);
  expect(png.length).toBeGreaterThan(10_000);

  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download your results file (JSON)' }).click(),
  ]);
  expect(file.suggestedFilename()).toBe('cnn-benchmark-results.json');
  expect(parseResultsFile(readFileSync(await file.path(), 'utf8')).rows).toEqual(saved);
});

test('where the page may not copy, the link waits selected in its field', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('not allowed')) } });
  });
  await openWithSavedRuns(page);
  const link = await makeLink(page, /^WASM/);
  const field = page.getByRole('textbox', { name: 'Share link' });
  await expect(field).toBeFocused();
  expect(
    await field.evaluate((input: HTMLInputElement) => input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0)),
  ).toBe(link);
  await expect(page.locator('cnn-results').getByRole('status')).toContainText('copy it from the "Share link" field');
});

test('a damaged or unknown link says so and changes nothing', async ({ page }) => {
  await page.goto(lessonPath);
  const table = resultsTable(page);
  await page.goto(`${lessonPath}#result=eyJ2IjoxLCJiIjoid2ViZ2wi`);
  await expect(page.locator('cnn-results').getByRole('alert')).toContainText(
    'The shared result in this link is damaged: it may have been cut short when it was copied. Ask for the link again. Nothing was added to the table.',
  );
  await expect(table.getByRole('row')).toHaveCount(3); // the header and the two reference rows

  const newer = Buffer.from(
    JSON.stringify({ v: 2, b: 'webgl', d: 'GPU', ips: 1, acc: 1, ep: 1, n: 1, t: '2026-03-02T09:30Z', sw: 0 }),
  );
  await page.goto(`${lessonPath}#result=${newer.toString('base64url')}`);
  await expect(page.locator('cnn-results').getByRole('alert')).toContainText(
    'This link was made by a newer version of the course',
  );
  await expect(table.getByRole('row')).toHaveCount(3);
});

test('the results table with a shared row and a share link meets WCAG 2.1 AA in the light and dark themes', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000); // axe over the long lesson page, on a busy machine
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(lessonPath);
  await saveBrowserRows(page, saved);
  await page.goto(shareLink(new URL(lessonPath, page.url()).href, sharedResultOf(saved[2])));
  await expect(resultsTable(page).getByRole('row', { name: /^Shared result: WebGPU/ })).toHaveCount(1);
  await makeLink(page, /^WebGL/);
  const found = await axeViolationsInBothThemes(page, { include: ['cnn-results'], tags: wcagAA });
  expect(found.join('\n'), 'accessibility violations').toBe('');
});
