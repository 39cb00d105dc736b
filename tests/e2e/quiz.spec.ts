import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { quizSchema, type OptionData, type QuestionData, type QuizData } from '../../src/schemas/quiz.ts';
import { displayOrder } from '../../src/quiz/option-order.ts';
import { axeViolationsInBothThemes, wcagAA } from './axe.ts';
import { test, expect } from './fixtures.ts';

/**
 * The quizzes as a learner uses them, on the real course quizzes. Answers are read from the YAML at test
 * time, so the tests follow the content instead of hard-coding it, and options are found by their label,
 * never by position: the page shows them in a shuffled order.
 */

// js-yaml is what Astro itself parses content YAML with; it ships no types, so it is typed here.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

function loadQuiz(id: string): QuizData {
  return quizSchema.parse(yaml.load(readFileSync(path.join('content/quizzes', `${id}.yaml`), 'utf8')));
}

/** Text as the page shows it: quiz YAML marks code with backticks, the page renders <code>. */
const shown = (text: string) => text.replace(/`/g, '').trim();

function correctOption(question: QuestionData): OptionData {
  const option = question.options.find((candidate) => candidate.correct);
  if (!option) throw new Error(`Question "${question.id}" has no correct option`);
  return option;
}

function wrongOption(question: QuestionData): OptionData {
  const option = question.options.find((candidate) => !candidate.correct);
  if (!option) throw new Error(`Question "${question.id}" has no wrong option`);
  return option;
}

/** The radio button of `option`, found by its label as a learner reads it. */
function radioOf(form: Locator, option: OptionData): Locator {
  return form.getByRole('radio', { name: shown(option.text), exact: true });
}

function questionForm(page: Page, question: QuestionData): Locator {
  return page.locator(`form[data-question-id="${question.id}"]`);
}

/** Presses Tab until `target` has focus: the way a keyboard user reaches it. */
async function tabTo(page: Page, target: Locator, maxPresses = 200): Promise<void> {
  for (let press = 0; press < maxPresses; press += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** Picks `option` in a radio group the keyboard way: Space checks the first radio, arrows move the choice. */
async function chooseWithKeyboard(page: Page, form: Locator, option: OptionData): Promise<void> {
  const target = radioOf(form, option);
  await tabTo(page, form.getByRole('radio').first());
  await page.keyboard.press('Space');
  const count = await form.getByRole('radio').count();
  for (let step = 0; step < count && !(await target.isChecked()); step += 1) await page.keyboard.press('ArrowDown');
  await expect(target).toBeChecked();
}

/** The option ids of a question in the order its radio buttons appear on the page. */
async function shownOrder(form: Locator): Promise<string[]> {
  return form
    .getByRole('radio')
    .evaluateAll((radios) => radios.map((radio) => (radio instanceof HTMLInputElement ? radio.value : '')));
}

/** The score line as the quiz writes it. */
function scoreText(correct: number, answered: number, total: number): string {
  return answered < total
    ? `Score: ${correct} of ${total} correct · ${answered} of ${total} answered`
    : `Score: ${correct} of ${total} correct`;
}

const trueFalse = { id: 'week-6-true-false', path: '/week-6/true-false-review/' };
const scenarios = { id: 'week-6-scenarios', path: '/week-6/applied-scenarios/' };

test('a true/false quiz can be answered with the keyboard alone, with announced feedback, and the score survives a reload', async ({
  page,
}) => {
  const quiz = loadQuiz(trueFalse.id);
  const [first, second] = quiz.questions;
  if (!first || !second) throw new Error(`${trueFalse.id} needs at least two questions for this test`);
  await page.goto(trueFalse.path);
  const total = quiz.questions.length;
  const score = page.locator(`course-quiz[data-quiz-id="${trueFalse.id}"] [data-quiz-score]`);
  await expect(score).toHaveText(scoreText(0, 0, total));

  // First question: the right answer, checked with Enter.
  const firstForm = questionForm(page, first);
  await chooseWithKeyboard(page, firstForm, correctOption(first));
  await page.keyboard.press('Tab');
  await expect(firstForm.getByRole('button', { name: 'Check answer' })).toBeFocused();
  await page.keyboard.press('Enter');
  const firstFeedback = firstForm.locator('[aria-live="polite"]');
  await expect(firstFeedback).toContainText('Correct.');
  await expect(firstFeedback).toContainText(shown(correctOption(first).explanation));
  // The check button is gone, so focus moves to the control that replaces it instead of being lost.
  await expect(firstForm.getByRole('button', { name: 'Try again' })).toBeFocused();
  await expect(firstForm.getByRole('radio').first()).toBeDisabled();

  // Second question: a wrong answer, checked with Space.
  const secondForm = questionForm(page, second);
  const wrong = wrongOption(second);
  await chooseWithKeyboard(page, secondForm, wrong);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  const secondFeedback = secondForm.locator('[aria-live="polite"]');
  await expect(secondFeedback).toContainText(`Not quite. The answer is “${shown(correctOption(second).text)}”.`);
  await expect(secondFeedback).toContainText(shown(wrong.explanation));
  await expect(secondForm.getByText('Your answer', { exact: true })).toBeVisible();
  await expect(secondForm.getByText('Correct answer', { exact: true })).toBeVisible();
  await expect(score).toHaveText(scoreText(1, 2, total));

  await page.reload();
  await expect(score).toHaveText(scoreText(1, 2, total));
  await expect(radioOf(firstForm, correctOption(first))).toBeChecked();
  await expect(firstForm.locator('[aria-live="polite"]')).toContainText('Correct.');

  // "Try again" clears only that question and hands focus back to its options.
  const retry = secondForm.getByRole('button', { name: 'Try again' });
  await tabTo(page, retry);
  await page.keyboard.press('Enter');
  await expect(secondForm.getByRole('radio').first()).toBeFocused();
  await expect(radioOf(secondForm, wrong)).not.toBeChecked();
  await expect(secondFeedback).toBeEmpty();
  await expect(score).toHaveText(scoreText(1, 1, total));

  // "Try the whole quiz again" clears the rest.
  await page.getByRole('button', { name: 'Try the whole quiz again' }).click();
  await expect(score).toHaveText(scoreText(0, 0, total));
  await expect(firstForm.getByRole('radio').first()).toBeEnabled();
});

test('a scenario keeps the learner’s own answer, then explains every option and shows the model answer', async ({ page }) => {
  const quiz = loadQuiz(scenarios.id);
  const scenario = quiz.questions.find((question) => question.kind === 'scenario');
  if (!scenario) throw new Error(`${scenarios.id} has no scenario question`);
  await page.goto(scenarios.path);
  const form = questionForm(page, scenario);
  await expect(page.getByText(shown(scenario.context ?? ''))).toBeVisible();

  const draft = form.getByRole('textbox', { name: 'Write your own answer first' });
  await draft.click();
  await page.keyboard.type('I would measure first, then decide.');
  await page.reload();
  await expect(draft).toHaveValue('I would measure first, then decide.');

  // Explanations are not on the page until the learner commits to an answer.
  for (const option of scenario.options) await expect(form.getByText(shown(option.explanation))).toHaveCount(0);
  // The options appear in the quiz's fixed shuffled order, the same one the server rendered.
  expect(await shownOrder(form)).toEqual(displayOrder(scenarios.id, scenario).map((option) => option.id));
  await chooseWithKeyboard(page, form, correctOption(scenario));
  await form.getByRole('button', { name: 'Check answer' }).press('Enter');
  await expect(form.locator('[aria-live="polite"]')).toContainText('Correct.');
  for (const option of scenario.options) await expect(form.getByText(shown(option.explanation))).toBeVisible();
  await expect(form.getByText('Your answer', { exact: true })).toBeVisible();
  await expect(form.getByText('Correct answer', { exact: true })).toBeVisible();

  if (scenario.modelAnswer) {
    const firstParagraph = shown(scenario.modelAnswer.split(/\n\s*\n/)[0] ?? '');
    const modelAnswer = form.getByText('Model answer', { exact: true });
    await modelAnswer.focus();
    await page.keyboard.press('Enter');
    await expect(form.getByText(firstParagraph)).toBeVisible();
  }
});

test('an answered quiz, marks and all, has no WCAG 2.1 AA violations in the light and dark themes', async ({ page }) => {
  const quiz = loadQuiz(scenarios.id);
  const [first] = quiz.questions;
  if (!first) throw new Error(`${scenarios.id} has no questions`);
  await page.goto(scenarios.path);
  const form = questionForm(page, first);
  await radioOf(form, wrongOption(first)).check();
  await form.getByRole('button', { name: 'Check answer' }).click();
  await expect(form.locator('[aria-live="polite"]')).toContainText('Not quite.');
  if (first.modelAnswer) await form.getByText('Model answer', { exact: true }).click();
  const found = await axeViolationsInBothThemes(page, { include: ['course-quiz', '#course-nav'], tags: wcagAA });
  expect(found.join('\n'), 'accessibility violations').toBe('');
});

test('without JavaScript the questions are readable, the controls disabled and no answer is shown', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const quiz = loadQuiz(trueFalse.id);
  const [first] = quiz.questions;
  if (!first) throw new Error(`${trueFalse.id} has no questions`);
  await page.goto(trueFalse.path);
  const form = questionForm(page, first);
  await expect(form.getByRole('group', { name: shown(first.stem) })).toBeVisible();
  await expect(form.getByRole('radio').first()).toBeDisabled();
  await expect(page.locator('course-quiz').first().getByText('Checking answers needs JavaScript.')).toBeVisible();
  for (const option of first.options) await expect(page.getByText(shown(option.explanation))).toBeHidden();

  // The shuffled option order comes from the server, so it is the same without JavaScript.
  const scenarioQuiz = loadQuiz(scenarios.id);
  await page.goto(scenarios.path);
  for (const question of scenarioQuiz.questions) {
    expect(await shownOrder(questionForm(page, question))).toEqual(
      displayOrder(scenarios.id, question).map((option) => option.id),
    );
  }
  await context.close();
});

const wordsOf = (text: string) => text.toLowerCase().match(/[a-z]+/g) ?? [];

/** Every word of the built pages outside the quizzes: text that search may legitimately find. */
function siteWordsOutsideQuizzes(): Set<string> {
  const dist = process.env.E2E_DIST ?? 'dist';
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'));
  return new Set(
    files
      .map((file) => readFileSync(path.join(dist, file), 'utf8'))
      // Only pages search indexes: the instructors' answer keys hold every explanation, and stay out of it.
      .filter((html) => html.includes('data-pagefind-body'))
      .flatMap((html) => wordsOf(html.replace(/<course-quiz[\s\S]*?<\/course-quiz>/g, ''))),
  );
}

/** The words a quiz shows before any answer: its title, headings, contexts, questions and options. */
function questionWords(quiz: QuizData): string[] {
  return [
    quiz.title,
    quiz.description ?? '',
    ...quiz.questions.flatMap((question) => [
      question.title ?? '',
      question.context ?? '',
      question.stem,
      ...question.options.map((option) => option.text),
    ]),
  ].flatMap(wordsOf);
}

test('search never finds a word that only a quiz explanation contains, yet finds the scenarios', async ({ page }) => {
  const quizzes = [loadQuiz(trueFalse.id), loadQuiz(scenarios.id)];
  // The secret word occurs only where answers live, so any page text search finds it in must be a leak.
  const notSecret = new Set([...siteWordsOutsideQuizzes(), ...quizzes.flatMap(questionWords)]);
  const answerText = quizzes.flatMap((quiz) =>
    quiz.questions.flatMap((question) => [...question.options.map((option) => option.explanation), question.modelAnswer ?? '']),
  );
  const [secret] = answerText
    .flatMap((text) => text.toLowerCase().match(/[a-z]{7,}/g) ?? [])
    .filter((word) => !notSecret.has(word));
  if (!secret)
    throw new Error(
      'Every long word of the quiz explanations also appears elsewhere on the site; this test needs one that does not.',
    );
  test.info().annotations.push({ type: 'word only in explanations', description: secret });
  const explanation = shown(answerText.find((text) => text.toLowerCase().includes(secret)) ?? '');

  // Scenario contexts are indexed on purpose, so an empty result for the secret word means something.
  const context = quizzes[1]?.questions.find((question) => question.context)?.context ?? '';
  const [contextWord] = context.match(/[A-Za-z]{7,}/g) ?? [];
  if (!contextWord) throw new Error(`${scenarios.id} needs a scenario context with a word of seven letters or more`);

  await page.goto(scenarios.path);
  const found = await page.evaluate(
    async (queries) => {
      interface Pagefind {
        search(query: string): Promise<{ results: { data(): Promise<{ url: string; content: string }> }[] }>;
      }
      const pagefind = (await import(`${document.documentElement.dataset.base ?? '/'}pagefind/pagefind.js`)) as Pagefind;
      const contentsOf = async (query: string) =>
        Promise.all((await pagefind.search(query)).results.map((result) => result.data()));
      return { secret: await contentsOf(queries.secret), context: await contentsOf(queries.contextWord) };
    },
    { secret, contextWord },
  );
  expect(found.context.map((result) => result.url)).toContain(scenarios.path);
  for (const result of found.secret) {
    expect(result.content.toLowerCase().includes(secret), `search found "${secret}" in the text of ${result.url}`).toBe(false);
    expect(result.content.includes(explanation), `search found the explanation "${explanation}" on ${result.url}`).toBe(false);
  }
});
