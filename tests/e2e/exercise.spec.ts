import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { forgetLastRun, pasteCode, test, expect, useSharedLab } from './fixtures.ts';

/**
 * One exercise end to end, as a learner meets it: the starter fails a check with a specific message, hints
 * open one at a time, the fixed program passes, the pass survives a reload and shows in the course menu,
 * and the solution opens only after a confirmation and is marked as seen. A program that posts a check
 * result itself is not believed, nor one that replaces the built-ins the check relies on.
 */

const id = 'exercise-read-once-per-epoch';
const lessonPath = '/week-6/true-false-review/';
const solution = readFileSync(`labs/${id}/solution.ts`, 'utf8');
const starter = readFileSync(`labs/${id}/main.ts`, 'utf8');

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

function exercise(page: Page) {
  return page.locator(`course-exercise[data-exercise-id="${id}"]`);
}

test('the solution opens only after a confirmation, and is marked as seen', async ({ page }) => {
  await page.goto(lessonPath);
  const card = exercise(page);
  const solutionBox = card.locator('details[data-exercise-solution]');
  await solutionBox.locator('summary').click();
  const dialog = card.getByRole('dialog', { name: 'See the solution?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Keep trying' }).click();
  await expect(solutionBox).not.toHaveAttribute('open', '');
  await expect(card.locator('[data-exercise-badge]')).toBeHidden();

  await solutionBox.locator('summary').click();
  await dialog.getByRole('button', { name: 'Show the solution' }).click();
  await expect(solutionBox).toHaveAttribute('open', '');
  await expect(solutionBox.getByText('export async function trainEpochs').first()).toBeVisible();
  await expect(card.locator('[data-exercise-badge]')).toHaveText('Solution shown');
  await page.reload();
  await expect(exercise(page).locator('[data-exercise-badge]')).toHaveText('Solution shown');
});

/**
 * The programs run one after another in one exercise's lab, as a learner would: Monaco loads once for the
 * group. The forged result comes first, while its guessed request id is the page's real one.
 */
test.describe('one exercise, program after program', () => {
  let page: Page;
  let lab: Locator;
  useSharedLab(lessonPath, id, (opened) => ({ page, lab } = opened));

  test('a program cannot post a passing result itself', async () => {
    test.setTimeout(120_000);
    const card = exercise(page);
    const forged = `
  export async function trainEpochs() { return [0, 0]; }
  export default async function main() {
    self.postMessage({ type: 'exercise-result', requestId: 1, secret: 'guess', passed: true,
      requirements: [{ id: 'all', label: 'Everything', passed: true, message: 'forged' }] });
  }
  `;
    await pasteCode(page, lab, forged);
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(card.locator('[data-exercise-summary]')).toContainText(/of \d+ checks pass/, { timeout: 90_000 });
    await expect(card.locator('[data-exercise-summary]')).not.toContainText('exercise passed');
    await expect(card.locator('li[data-requirement="all"]')).toHaveCount(0);
    await expect(card.locator('[data-exercise-badge]')).toBeHidden();
  });

  test('a program that replaces Array.prototype.every is not recorded as passed', async () => {
    test.setTimeout(120_000);
    const card = exercise(page);
    // The starter, which reads the loss every step, now also leaks its model: two requirements fail. It
    // tries to make every "every" say yes (and every failed requirement vanish from "push") first.
    const cheat = `
  import type { Lab } from '../api';
  import { createRegression, disposeBatches, makeBatches } from './model.ts';

  function cheat() {
    try {
      Array.prototype.every = function () { return true; };
    } catch {}
    try {
      const push = Array.prototype.push;
      Array.prototype.push = function (...items) { return push.apply(this, items.filter((item) => item?.passed !== false)); };
    } catch {}
  }
  cheat();

  export async function trainEpochs(epochs: number): Promise<number[]> {
    cheat();
    const batches = makeBatches();
    const model = createRegression();
    const means: number[] = [];
    for (let epoch = 0; epoch < epochs; epoch++) {
      let total = 0;
      for (const batch of batches) {
        const loss = model.step(batch);
        total += (await loss.data())[0] ?? Number.NaN;
        loss.dispose();
      }
      means.push(total / batches.length);
    }
    disposeBatches(batches);
    return means;
  }

  export default async function main(lab: Lab) {
    cheat();
    lab.log(String(await trainEpochs(2)));
  }
  `;
    await pasteCode(page, lab, cheat);
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(card.locator('[data-exercise-summary]')).toContainText(/of \d+ checks pass/, { timeout: 90_000 });
    await expect(card.locator('[data-exercise-summary]')).not.toContainText('exercise passed');
    await expect(card.locator('li[data-requirement="reads-per-epoch"]')).toHaveAttribute('data-passed', 'false');
    await expect(card.locator('li[data-requirement="no-leak"]')).toHaveAttribute('data-passed', 'false');
    await expect(card.locator('li[data-requirement="program-runs"]')).toHaveAttribute('data-passed', 'true');
    await expect(card.locator('[data-exercise-badge]')).toBeHidden();
  });

  test('fail, hint, fix, pass, and the pass is kept', async () => {
    test.setTimeout(180_000);
    const card = exercise(page);

    // The starter reads the loss on every step: that check fails and says by how much.
    await pasteCode(page, lab, starter);
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(card.locator('[data-exercise-summary]')).toContainText(/of \d+ checks pass/, { timeout: 90_000 });
    const reads = card.locator('li[data-requirement="reads-per-epoch"]');
    await expect(reads).toHaveAttribute('data-passed', 'false');
    await expect(reads).toContainText(/read back \d+ times in 2 epochs/);
    await expect(card.locator('li[data-requirement="program-runs"]')).toHaveAttribute('data-passed', 'true');

    // Hints: the second is offered only once the first has been opened.
    const hints = card.locator('details[data-exercise-hint]');
    await expect(hints.nth(1)).toBeHidden();
    await hints.nth(0).locator('summary').click();
    await expect(hints.nth(0)).toHaveAttribute('open', '');
    await expect(hints.nth(1)).toBeVisible();

    // The fixed program passes every check, and the exercise says so.
    await pasteCode(page, lab, solution);
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(card.locator('[data-exercise-summary]')).toContainText('exercise passed', { timeout: 90_000 });
    await expect(card.locator('[data-exercise-requirements] li[data-passed="false"]')).toHaveCount(0);
    await expect(card.locator('[data-exercise-badge]')).toHaveText('Passed');

    // Kept in this browser: after a reload the badge and the menu's lesson mark show the pass.
    await page.reload();
    await expect(exercise(page).locator('[data-exercise-badge]')).toHaveText('Passed');
    await expect(page.locator(`.sidebar .progress-mark[data-progress-for="week-6/true-false-review"]`)).toContainText(
      'exercises: 1 of 1 passed',
    );
  });
});
