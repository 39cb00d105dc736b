import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { quizSchema, type QuizData } from '../../src/schemas/quiz.ts';
import { openLab, pasteCode, test, expect } from './fixtures.ts';

/**
 * Printing: a lesson prints its text, code without clipped lines and its quizzes' options, but no answer,
 * even after the learner has checked some; instructors print answer keys that learners are not led to.
 */

const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const quizId = 'week-6-true-false';
const quiz: QuizData = quizSchema.parse(yaml.load(readFileSync(`content/quizzes/${quizId}.yaml`, 'utf8')));
const lessonPath = '/week-6/true-false-review/';
const shown = (text: string) => text.replace(/`/g, '').trim();

test('a printed quiz shows its questions and options but no answer, even after answering', async ({ page }) => {
  await page.goto(lessonPath);
  const question = quiz.questions[0];
  const form = page.locator(`form[data-question-id="${question.id}"]`);
  const correct = question.options.find((option) => option.correct)!;
  await form.getByRole('radio', { name: shown(correct.text), exact: true }).check();
  await form.getByRole('button', { name: 'Check answer' }).click();
  const feedback = form.locator('[data-quiz-feedback]');
  await expect(feedback).not.toBeEmpty();

  await page.emulateMedia({ media: 'print' });
  await expect(feedback).toBeHidden();
  await expect(page.locator('course-quiz .quiz-tag').first()).toBeHidden();
  await expect(page.locator('[data-quiz-score]')).toBeHidden();
  // The stem and every option stay on paper; the checked radio prints as an empty circle.
  await expect(form.locator('legend')).toBeVisible();
  for (const option of question.options) await expect(form.getByText(shown(option.text), { exact: true })).toBeVisible();
  const radio = form.getByRole('radio', { name: shown(correct.text), exact: true });
  expect(await radio.evaluate((element) => getComputedStyle(element).appearance)).toBe('none');
  // No explanation text anywhere on the printed page.
  for (const option of question.options) {
    await expect(page.getByText(shown(option.explanation).slice(0, 60))).toBeHidden();
  }
});

test('printed code blocks wrap long lines instead of cutting them off', async ({ page }) => {
  await page.setViewportSize({ width: 700, height: 900 });
  await page.goto('/module-5/day-9-cpu-vs-gpu/');
  const clipped = () =>
    page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('main pre.astro-code')].filter(
          (pre) => pre.offsetParent !== null && pre.scrollWidth > pre.clientWidth + 1,
        ).length,
    );
  expect(await clipped(), 'the test needs a code block that scrolls on screen').toBeGreaterThan(0);
  await page.emulateMedia({ media: 'print' });
  expect(await clipped()).toBe(0);
  await expect(page.locator('.sidebar')).toBeHidden();
});

test('every quiz has a printable answer key that learners are not led to', async ({ page }) => {
  await page.goto('/instructors/');
  await expect(page.getByRole('heading', { name: 'For instructors', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: quiz.title }).click();
  await expect(page).toHaveURL(new RegExp(`/instructors/answer-keys/${quizId}/$`));
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
  // Out of the search index: Pagefind indexes only pages with data-pagefind-body.
  await expect(page.locator('[data-pagefind-body]')).toHaveCount(0);

  const first = quiz.questions[0];
  const correct = first.options.find((option) => option.correct)!;
  const marked = page.locator('.answer-key-option[data-correct]').first();
  await expect(marked).toContainText(shown(correct.text));
  await expect(marked).toContainText('✓ correct');
  await expect(marked).toContainText(shown(correct.explanation).slice(0, 40));
  await expect(page.locator('.answer-key-option[data-correct]')).toHaveCount(quiz.questions.length);

  // Not in the learner's navigation: no link to the instructors' pages from a lesson.
  await page.goto(lessonPath);
  await expect(page.locator('a[href*="/instructors/"]')).toHaveCount(0);
});

test('a lab prints its whole program, as edited, not the editor’s visible lines', async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  const lab = await openLab(page, '/module-5/day-10-moving-to-devices/', 'hello-tensors');
  const edited = `// printed as edited\n${'// filler line\n'.repeat(60)}export default async function main() {}\n`;
  await pasteCode(page, lab, edited);
  await page.emulateMedia({ media: 'print' });
  const printed = lab.locator('.lab-code-print-only');
  await expect(printed).toBeVisible();
  await expect(printed).toContainText('// printed as edited');
  await expect(printed).toContainText('export default async function main() {}');
  await expect(lab.locator('.lab-editor')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect(printed).toBeHidden();
});

test('Going further sections are collapsed on screen, searchable, and open on paper', async ({ page }) => {
  await page.goto('/module-5/day-10-moving-to-devices/');
  const section = page.locator('details.going-further').first();
  await expect(section.locator('summary')).toContainText('Going further:');
  const body = section.locator('.going-further-body');
  await expect(section).not.toHaveAttribute('open', '');
  await expect(body).toBeHidden();
  // Pagefind reads the text: the section sits inside the indexed body and carries no ignore mark.
  await expect(page.locator('[data-pagefind-body] details.going-further').first()).toBeAttached();
  expect(await section.evaluate((element) => element.closest('[data-pagefind-ignore]'))).toBeNull();

  await page.emulateMedia({ media: 'print' });
  await expect(body).toBeVisible();
  // A real print also fires beforeprint, which opens every section; afterprint closes them again.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(section).toHaveAttribute('open', '');
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(section).not.toHaveAttribute('open', '');
  await page.emulateMedia({ media: 'screen' });
  await expect(body).toBeHidden();
});
