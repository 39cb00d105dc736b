import { readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';

/**
 * Learner progress across pages: visits and quiz results on the lesson marks, the home page summary,
 * "Reset all progress", and what happens when stored progress is corrupt or storage is blocked.
 */

const progressKey = 'gpu-course:progress';
const resetNotice = 'Your saved progress could not be read and was reset.';
const lesson = { id: 'week-6/true-false-review', path: '/week-6/true-false-review/', quiz: 'week-6-true-false' };

/** Every lesson page of the built site; the summary counts them. */
const lessonCount = readdirSync('content/lessons', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.mdx')).length;

/** Answers the first question of the page's quiz with its first option, whatever it is. */
async function answerFirstQuestion(page: Page): Promise<void> {
  const form = page.locator(`course-quiz[data-quiz-id="${lesson.quiz}"] form`).first();
  await form.getByRole('radio').first().check();
  await form.getByRole('button', { name: 'Check answer' }).click();
  await expect(form.getByRole('button', { name: 'Try again' })).toBeVisible();
}

test('a visited lesson and its quiz result show on the lesson marks, in words for screen readers', async ({ page }) => {
  await page.goto(lesson.path);
  const sidebarMark = page.locator(`#course-nav .progress-mark[data-progress-for="${lesson.id}"]`);
  await expect(sidebarMark).toHaveText(/\(visited\)/);
  await answerFirstQuestion(page);
  // The sidebar mark follows the quiz at once, without a reload.
  await expect(sidebarMark).toHaveText(/\(visited, quiz: [01] of \d+ correct\)/);

  await page.goto('/');
  const homeMark = page.locator(`main .progress-mark[data-progress-for="${lesson.id}"]`);
  await expect(homeMark).toHaveText(/\(visited, quiz: [01] of \d+ correct\)/);
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
  const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), progressKey);
  expect(stored).toEqual({ version: 1, quizzes: {}, drafts: {}, visited: {} });
});

for (const [label, corrupt] of [
  ['JSON that does not parse', '{"version":1,"quizzes":'],
  ['an unknown version', JSON.stringify({ version: 99, quizzes: {}, drafts: {}, visited: {} })],
  ['the wrong shape', JSON.stringify({ version: 1, quizzes: [], drafts: 'none' })],
] as const) {
  test(`stored progress with ${label} is reset with a visible notice, and the quiz still works`, async ({ page }) => {
    await page.goto(lesson.path);
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [progressKey, corrupt] as const);
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: resetNotice })).toBeVisible();
    await answerFirstQuestion(page);
    await page.reload();
    // Progress is valid again, so the notice does not follow the learner around.
    await expect(page.getByText(resetNotice)).toHaveCount(0);
    await expect(page.locator(`course-quiz[data-quiz-id="${lesson.quiz}"] form`).first().getByRole('button', { name: 'Try again' })).toBeVisible();
  });
}

test('with storage blocked, quizzes and marks still work for the visit', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('Storage is disabled', 'SecurityError');
      },
    });
  });
  await page.goto(lesson.path);
  await expect(page.locator(`#course-nav .progress-mark[data-progress-for="${lesson.id}"]`)).toHaveText(/\(visited\)/);
  await answerFirstQuestion(page);
  await expect(page.locator(`course-quiz[data-quiz-id="${lesson.quiz}"] [data-quiz-score]`)).toContainText(/Score: [01] of \d+ correct/);
});
