import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { NOTICES } from '../../src/progress/progress-notices.ts';
import { test, expect } from './fixtures.ts';

/**
 * Learner progress across pages: visits and quiz results on the lesson marks, the home page summary,
 * "Reset all progress", and that progress is never lost in silence: damaged records are kept as a copy
 * to download or restore, a newer version's record is never written over, a notice says when nothing
 * can be saved, and two copies of the course on one origin keep their own progress.
 */

const progressKey = 'gpu-course:progress';
const backupKey = 'gpu-course:progress-backups';
const lesson = { id: 'week-6/true-false-review', path: '/week-6/true-false-review/', quiz: 'week-6-true-false' };
/** The first question of that quiz and its options (content/quizzes/week-6-true-false.yaml). */
const firstQuestion = { id: 'gpu-clock-speed', options: ['true', 'false'] };
const answeredAt = '2026-11-22T10:00:00.000Z';

/** Every lesson page of the built site; the summary counts them. */
const lessonCount = readdirSync('content/lessons', { recursive: true, encoding: 'utf8' }).filter((file) =>
  file.endsWith('.mdx'),
).length;

const quizForm = (page: Page) => page.locator(`course-quiz[data-quiz-id="${lesson.quiz}"] form`).first();
const quizScore = (page: Page) => page.locator(`course-quiz[data-quiz-id="${lesson.quiz}"] [data-quiz-score]`);
const notice = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

/** Answers the first question of the page's quiz with its first option, whatever it is. */
async function answerFirstQuestion(page: Page): Promise<void> {
  const form = quizForm(page);
  await form.getByRole('radio').first().check();
  await form.getByRole('button', { name: 'Check answer' }).click();
  await expect(form.getByRole('button', { name: 'Try again' })).toBeVisible();
}

/** Stores `value` as the progress record, then reloads so the page reads it. */
async function storeAndReload(page: Page, value: string): Promise<void> {
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [progressKey, value] as const);
  await page.reload();
}

const storedProgress = (page: Page) => page.evaluate((key) => localStorage.getItem(key), progressKey);

test('a visited lesson and its quiz result show on the lesson marks, in words for screen readers', async ({ page }) => {
  await page.goto(lesson.path);
  const sidebarMark = page.locator(`#course-nav .progress-mark[data-progress-for="${lesson.id}"]`);
  await expect(sidebarMark).toHaveText(/\(visited\)/);
  await answerFirstQuestion(page);
  // The sidebar mark follows the quiz at once, without a reload.
  await expect(sidebarMark).toHaveText(/\(visited, quiz: [01] of \d+ questions right\)/);
  // The short score fits its pill, and its tooltip says what it counts.
  const score = sidebarMark.locator('.progress-mark-score');
  await expect(score).toHaveAttribute('title', /^quiz: [01] of \d+ questions right$/);
  expect(await score.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);

  await page.goto('/');
  const homeMark = page.locator(`main .progress-mark[data-progress-for="${lesson.id}"]`);
  await expect(homeMark).toHaveText(/\(visited, quiz: [01] of \d+ questions right\)/);
  await expect(homeMark.locator('svg')).toHaveAttribute('aria-hidden', 'true');
  const unvisited = page.locator(`main .progress-mark:not([data-progress-for="${lesson.id}"])`).first();
  await expect(unvisited).toBeEmpty();
});

test('the home page sums up progress, and "Reset all progress" asks before it deletes anything', async ({ page }) => {
  await page.goto(lesson.path);
  await answerFirstQuestion(page);
  await page.goto('/');
  const summary = page.getByRole('region', { name: 'Your progress' });
  await expect(summary.getByRole('definition').first()).toHaveText(`1 of ${lessonCount}`);
  await expect(summary.getByRole('definition').nth(1)).toHaveText(/^1 of \d+$/);

  const reset = summary.getByRole('button', { name: 'Reset all progress' });
  await reset.click();
  const dialog = page.getByRole('dialog', { name: 'Reset all progress?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Keep my progress' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(reset).toBeFocused();
  await expect(summary.getByRole('definition').first()).toHaveText(`1 of ${lessonCount}`);

  await reset.click();
  await dialog.getByRole('button', { name: 'Yes, reset everything' }).click();
  await expect(summary.getByRole('status')).toHaveText('All progress was reset.');
  await expect(summary.getByRole('definition').first()).toHaveText(`0 of ${lessonCount}`);
  await expect(page.locator(`main .progress-mark[data-progress-for="${lesson.id}"]`)).toBeEmpty();
  const stored: unknown = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null') as unknown, progressKey);
  expect(stored).toEqual({ version: 4, quizzes: {}, drafts: {}, visited: {}, exercises: {}, missed: {}, predictions: {} });
});

for (const [label, corrupt] of [
  ['JSON that does not parse', '{"version":1,"quizzes":'],
  ['no version', JSON.stringify({ quizzes: {}, drafts: {}, visited: {} })],
] as const) {
  test(`stored progress with ${label} is kept as a copy to download before the page starts afresh`, async ({ page }) => {
    await page.goto(lesson.path);
    await storeAndReload(page, corrupt);
    await expect(notice(page, NOTICES.unreadable)).toBeVisible();
    await answerFirstQuestion(page);
    await page.reload();
    // Progress is valid again, so the notice does not follow the learner around.
    await expect(page.getByText(NOTICES.unreadable)).toHaveCount(0);
    await expect(quizForm(page).getByRole('button', { name: 'Try again' })).toBeVisible();

    await page.goto('/');
    const copies = page.getByRole('list', { name: 'Copies of progress that could not be read' });
    await expect(copies.getByRole('listitem')).toHaveCount(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      copies.getByRole('button', { name: 'Download copy' }).click(),
    ]);
    let text = '';
    for await (const chunk of await download.createReadStream()) text += String(chunk);
    expect(text).toBe(corrupt);
  });
}

test('one damaged answer among good ones is left out, the rest is kept, and the copy kept brings back what was cleared since', async ({
  page,
}) => {
  const record = {
    version: 1,
    quizzes: {
      [lesson.quiz]: {
        [firstQuestion.id]: { choice: 'false', correct: true, answeredAt },
        broken: { choice: 'true', correct: 'maybe', answeredAt },
      },
    },
    drafts: {},
    visited: { [lesson.id]: answeredAt },
  };
  await page.goto(lesson.path);
  await storeAndReload(page, JSON.stringify(record));
  await expect(notice(page, NOTICES.repaired(1))).toBeVisible();
  await expect(quizForm(page).getByRole('button', { name: 'Try again' })).toBeVisible();
  const stored = JSON.parse((await storedProgress(page)) ?? '{}') as { quizzes: Record<string, object> };
  expect(Object.keys(stored.quizzes[lesson.quiz])).toEqual([firstQuestion.id]);

  // "Try again" clears the answer; restoring the copy brings it back.
  await quizForm(page).getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('link', { name: 'Go to your progress' }).click();
  const summary = page.getByRole('region', { name: 'Your progress' });
  await summary.getByRole('button', { name: 'Restore copy' }).click();
  await expect(summary.getByRole('status')).toHaveText('Restored 1 entry (answers, drafts and visits) from the copy.');
  await expect(summary.getByRole('definition').nth(1)).toHaveText(/^1 of \d+$/);
  await summary.getByRole('button', { name: 'Delete copy' }).click();
  await expect(summary.getByRole('status')).toHaveText('The copy was deleted.');
  await expect(summary.getByRole('list', { name: 'Copies of progress that could not be read' })).toBeHidden();
  expect(await page.evaluate((key) => localStorage.getItem(key), backupKey)).toBeNull();
});

test('progress saved by a newer version of the course is shown but never written over', async ({ page }) => {
  const newer = JSON.stringify({
    version: 5,
    quizzes: { [lesson.quiz]: { [firstQuestion.id]: { choice: 'false', correct: true, answeredAt } } },
    drafts: {},
    visited: {},
    streak: 12,
  });
  await page.goto(lesson.path);
  await storeAndReload(page, newer);
  await expect(notice(page, NOTICES.newer(5))).toBeVisible();
  await expect(quizForm(page).getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(page.locator(`course-quiz[data-quiz-id="${lesson.quiz}"] [data-quiz-not-saved]`)).toContainText(
    'newer version of the course',
  );
  // Answer another question: it counts on this page, and the stored record stays exactly as it was.
  const second = page.locator(`course-quiz[data-quiz-id="${lesson.quiz}"] form`).nth(1);
  await second.getByRole('radio').first().check();
  await second.getByRole('button', { name: 'Check answer' }).click();
  await expect(quizScore(page)).toContainText(/· 2 of \d+ answered/);
  expect(await storedProgress(page)).toBe(newer);
  await page.reload();
  expect(await storedProgress(page)).toBe(newer);
});

test('with storage disabled, a notice says nothing is saved, and quizzes and marks still work for the visit', async ({
  page,
}) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('Storage is disabled', 'SecurityError');
      },
    });
  });
  await page.goto(lesson.path);
  await expect(notice(page, NOTICES.unavailable)).toBeVisible();
  await expect(page.locator(`#course-nav .progress-mark[data-progress-for="${lesson.id}"]`)).toHaveText(/\(visited\)/);
  await answerFirstQuestion(page);
  await expect(quizScore(page)).toContainText(/Score: [01] of \d+ correct/);
  await expect(page.locator(`course-quiz[data-quiz-id="${lesson.quiz}"] [data-quiz-not-saved]`)).toContainText(
    'Answers here are not saved in this browser',
  );
  await page.goto('/');
  await expect(notice(page, NOTICES.unavailable)).toBeVisible();
});

test('with storage full, a notice says answers are no longer saved', async ({ page }) => {
  await page.addInitScript((key) => {
    // Called below with the storage object as `this`, as the original would be.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (name: string, value: string) {
      if (name === key) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      setItem.call(this, name, value);
    };
  }, progressKey);
  await page.goto(lesson.path);
  await expect(notice(page, NOTICES.refused)).toBeVisible();
  await answerFirstQuestion(page);
  await expect(page.locator(`course-quiz[data-quiz-id="${lesson.quiz}"] [data-quiz-not-saved]`)).toBeVisible();
  expect(await storedProgress(page)).toBeNull();
});

test('a stored choice the question no longer offers is neither counted nor shown', async ({ page }) => {
  const stale = {
    version: 1,
    quizzes: { [lesson.quiz]: { [firstQuestion.id]: { choice: 'maybe', correct: true, answeredAt } } },
    drafts: {},
    visited: {},
  };
  expect(firstQuestion.options).not.toContain('maybe');
  await page.goto(lesson.path);
  await storeAndReload(page, JSON.stringify(stale));
  await expect(quizForm(page).getByRole('button', { name: 'Check answer' })).toBeVisible();
  await expect(quizScore(page)).toContainText(/Score: 0 of \d+ correct · 0 of \d+ answered/);
  await expect(page.locator(`#course-nav .progress-mark[data-progress-for="${lesson.id}"]`)).toHaveText(/^\s*\(visited\)$/);
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Your progress' }).getByRole('definition').nth(1)).toHaveText(/^0 of \d+$/);
});

/**
 * Two copies of the course on one origin: this site at "/", and a second build made with
 * COURSE_BASE=/gpu-course served at "/gpu-course/" by a small server that passes every other path on
 * to this site. Set E2E_GPU_COURSE_DIST to a folder built that way to skip the build.
 */
test.describe('two copies of the course on one origin', () => {
  test.describe.configure({ mode: 'serial' });
  let builtHere: string | undefined;
  let server: http.Server | undefined;
  let origin = '';

  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.wasm': 'application/wasm',
    '.ttf': 'font/ttf',
  };

  test.beforeAll(async ({ baseURL }) => {
    test.setTimeout(600_000);
    let dist = process.env.E2E_GPU_COURSE_DIST;
    if (!dist) {
      builtHere = mkdtempSync(path.join(tmpdir(), 'gpu-course-base-'));
      dist = builtHere;
      await promisify(execFile)('node_modules/.bin/astro', ['build', '--outDir', dist], {
        env: { ...process.env, COURSE_BASE: '/gpu-course', FORCE_COLOR: '0' },
        maxBuffer: 64 * 1024 * 1024,
      });
    }
    const root = dist;
    // One origin, one host: the second copy is served with the headers the site itself is served with.
    const siteResponse = await fetch(baseURL ?? '');
    const hostHeaders = Object.fromEntries(
      [...siteResponse.headers].filter(([name]) => name.startsWith('cross-origin-') || name === 'content-security-policy'),
    );
    server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/gpu-course/')) {
        let file = path.join(root, decodeURIComponent(url.pathname.slice('/gpu-course'.length)));
        if (!file.startsWith(root)) file = root;
        try {
          if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
          const body = readFileSync(file);
          response.writeHead(200, { ...hostHeaders, 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
          response.end(body);
        } catch {
          response.writeHead(404).end();
        }
        return;
      }
      const upstream = http.request(
        new URL(url.pathname + url.search, baseURL),
        { method: request.method, headers: { ...request.headers, host: new URL(baseURL ?? '').host } },
        (reply) => {
          response.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(response);
        },
      );
      upstream.on('error', () => response.writeHead(502).end());
      request.pipe(upstream);
    });
    await new Promise<void>((resolve) => server?.listen(0, 'localhost', resolve));
    origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  });

  test.afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (builtHere) rmSync(builtHere, { recursive: true, force: true });
  });

  test('each copy keeps its own progress', async ({ page }) => {
    await page.goto(`${origin}/gpu-course${lesson.path}`);
    await answerFirstQuestion(page);
    await page.goto(`${origin}${lesson.path}`);
    await expect(quizForm(page).getByRole('button', { name: 'Check answer' })).toBeVisible();
    await expect(quizScore(page)).toContainText(/· 0 of \d+ answered/);

    await page.goto(`${origin}/gpu-course/`);
    await expect(page.getByRole('region', { name: 'Your progress' }).getByRole('definition').nth(1)).toHaveText(/^1 of \d+$/);
    await page.goto(`${origin}/`);
    await expect(page.getByRole('region', { name: 'Your progress' }).getByRole('definition').nth(1)).toHaveText(/^0 of \d+$/);
    const keys = await page.evaluate(() => Object.keys(localStorage).sort());
    expect(keys).toEqual([progressKey, `${progressKey}@/gpu-course/`]);
  });
});
