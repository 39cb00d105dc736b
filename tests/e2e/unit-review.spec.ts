import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { quizSchema, type QuizData } from '../../src/schemas/quiz.ts';
import { axeViolations } from './axe.ts';
import { test, expect } from './fixtures.ts';

/**
 * The review at the end of a unit: a question missed in a lesson comes back on the unit page, after a
 * reload, with the lesson's feedback; a unit with nothing missed shows no review. Questions are read from
 * the quiz YAML, options found by their label (the page shuffles them).
 */

const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const loadQuiz = (id: string): QuizData => quizSchema.parse(yaml.load(readFileSync(`content/quizzes/${id}.yaml`, 'utf8')));
const shown = (text: string) => text.replace(/`/g, '').trim();

const quizId = 'week-6-true-false';
const quiz = loadQuiz(quizId);
const [question] = quiz.questions;
if (!question) throw new Error(`${quizId} has no questions`);
const wrong = question.options.find((option) => !option.correct);
const right = question.options.find((option) => option.correct);
if (!wrong || !right) throw new Error(`${quizId}/${question.id} needs a right and a wrong option`);

test('a question missed in a lesson comes back in the unit review with the same feedback', async ({ page }) => {
  await page.goto('/week-6/true-false-review/');
  const lessonForm = page.locator(`course-quiz[data-quiz-id="${quizId}"] form[data-question-id="${question.id}"]`);
  await lessonForm.getByRole('radio', { name: shown(wrong.text), exact: true }).check();
  await lessonForm.getByRole('button', { name: 'Check answer' }).click();
  const lessonFeedback = lessonForm.locator('[data-quiz-feedback]');
  await expect(lessonFeedback).toContainText('Not quite.');
  const feedbackText = (await lessonFeedback.textContent()) ?? '';
  // "Try again" clears the answer, not the miss: the review still brings the question back.
  await lessonForm.getByRole('button', { name: 'Try again' }).click();
  await lessonForm.getByRole('radio', { name: shown(wrong.text), exact: true }).check();
  await lessonForm.getByRole('button', { name: 'Check answer' }).click();

  await page.reload();
  await page.goto('/week-6/');
  const review = page.locator('unit-review');
  await expect(review.getByRole('heading', { level: 2, name: 'Review' })).toBeVisible();
  const reviewForm = review.locator(`form[data-question-id="${question.id}"]`);
  await expect(reviewForm).toBeVisible();
  await expect(reviewForm.locator('[data-quiz-feedback]')).toHaveText(feedbackText);
  await expect(reviewForm.getByText('Your answer', { exact: true })).toBeVisible();
  // A few questions not answered yet join it; the unit has more, which stay out.
  const visibleQuestions = review.locator('.quiz-question:visible');
  const count = await visibleQuestions.count();
  expect(count).toBeGreaterThan(1);
  expect(count).toBeLessThanOrEqual(4);
  await expect(review.locator('[data-review-count]')).toContainText('1 question you missed');
  expect((await axeViolations(page, { include: ['unit-review'] })).join('\n'), 'accessibility violations').toBe('');

  // Answered right in the review: the feedback stays on screen, and the lesson shows the same answer.
  await reviewForm.getByRole('button', { name: 'Try again' }).click();
  await reviewForm.getByRole('radio', { name: shown(right.text), exact: true }).check();
  await reviewForm.getByRole('button', { name: 'Check answer' }).click();
  await expect(reviewForm.locator('[data-quiz-feedback]')).toContainText('Correct.');
  await page.goto('/week-6/');
  await expect(page.locator('unit-review')).toBeHidden();
});

test('a unit with nothing missed shows no review', async ({ page }) => {
  await page.goto('/module-5/');
  await expect(page.locator('unit-review')).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Review' })).toHaveCount(0);
});
