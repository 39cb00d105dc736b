import type { Locator, Page } from '@playwright/test';
import { test, expect, forgetLastRun, openLab, pasteCode, useSharedLab, type OpenedLab } from './fixtures.ts';
import { answerTime, benchmarkingFloods as benchmarking, report } from './flood-measure.ts';

/**
 * A lab never hangs and never freezes the page, whatever the program does: failures while the page
 * handles a message or draws an output end the run with an error and leave the lab runnable; floods of
 * output (through the lab API or forged with postMessage) are capped and drawn a frame at a time, so the
 * page keeps answering input (200 ms is the goal, `npm run bench:floods`) and Stop works; keyboard focus follows
 * Run and Stop.
 *
 * The failures share one page, as a learner runs program after program in one lab: Monaco and TensorFlow.js
 * load once for them, not once per test; so do the floods (each on a page of its own under `npm run bench:floods`). Programs that forge messages
 * post them for the first request ids: the page numbers its runs from 1 and ignores messages of other runs,
 * so a shared page's later runs are among those ids too.
 */
const lessonPath = '/module-5/day-10-moving-to-devices/';

function runButton(lab: Locator): Locator {
  return lab.getByRole('button', { name: 'Run', exact: true });
}

function output(lab: Locator): Locator {
  return lab.getByRole('log');
}

/** Pastes `code` and runs it, waiting for the run to end in `state`. */
async function run(page: Page, lab: Locator, code: string, state: 'done' | 'error'): Promise<void> {
  await pasteCode(page, lab, code);
  await forgetLastRun(lab);
  await runButton(lab).click();
  await expect(lab).toHaveAttribute('data-state', state, { timeout: 30_000 });
}

/** After a failure the lab still runs programs: the next run ends in "done" with its output. */
async function expectRunnable(page: Page, lab: Locator): Promise<void> {
  await run(page, lab, "export default async function main() {\n  console.log('still runs');\n}", 'done');
  await expect(output(lab)).toContainText('still runs');
}

/**
 * The slowest answer of the page while a flood goes on: sampled from the start of the run until
 * `underway` holds, then `samples` more times.
 */
async function slowestAnswerDuring(page: Page, underway: () => Promise<boolean>, samples = 10): Promise<number> {
  let slowest = 0;
  let after = 0;
  while (after < samples) {
    slowest = Math.max(slowest, await answerTime(page));
    if (after > 0 || (await underway())) after++;
  }
  return slowest;
}

/**
 * A line of a program that posts `message` straight to the page, as if it were the lab's worker, for the
 * first `runs` request ids (a group's page has made fewer runs than that).
 */
function forge(message: string, runs = 40): string {
  return `for (let requestId = 1; requestId <= ${runs}; requestId++) (self as any).postMessage({ requestId, ${message} });`;
}

test.describe('no wedged lab', () => {
  // The chart test blocks the charting code's download: the browser reports that as a failed load.
  let page: Page;
  let lab: Locator;
  useSharedLab(lessonPath, 'hello-tensors', (opened) => ({ page, lab } = opened), {
    allowedConsoleErrors: [/Failed to load resource|Failed to fetch dynamically imported module/],
  });

  // First, while the page has not loaded the charting code yet.
  test('a chart whose code cannot load becomes a notice, and the rest of the output is shown', async () => {
    await page.route('**/chart-view.*.js', (route) => route.abort());
    const program = [
      "import type { Lab } from '../api';",
      'export default async function main(lab: Lab) {',
      "  lab.log('before the charts');",
      "  const chart = lab.lineChart({ title: 'Loss', series: ['train'] });",
      '  chart.add(1, { train: 0.5 });',
      "  lab.barChart({ title: 'Speed', bars: { CPU: 812, WebGL: 95 }, unit: 'ms' });",
      "  lab.log('after the charts');",
      '}',
    ].join('\n');
    await run(page, lab, program, 'done');
    await expect(output(lab)).toContainText('The chart "Loss" could not be drawn: the charting code did not load');
    await expect(output(lab)).toContainText('The chart "Speed" could not be drawn');
    // The bar chart's values, in words.
    await expect(output(lab)).toContainText('CPU: 812 ms');
    await expect(output(lab)).toContainText('before the charts');
    await expect(output(lab)).toContainText('after the charts');

    // Once the code can load again, the next run draws its charts.
    await page.unroute('**/chart-view.*.js');
    await forgetLastRun(lab);
    await runButton(lab).click();
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(lab.locator('.lab-chart canvas')).toHaveCount(2);
  });

  test('an error position outside the program (line 0, unknown files) is shown, not a hang', async () => {
    await run(
      page,
      lab,
      [
        'export default async function main() {',
        "  throw new Error('a position outside the program: lab:main.ts:0:0 and lab:nowhere.ts:3:1');",
        '}',
      ].join('\n'),
      'error',
    );
    await expect(output(lab)).toContainText('Error on line 2 of main.ts: a position outside the program');
    await expect(lab.getByRole('status')).toContainText('line 2');
    await expectRunnable(page, lab);
  });

  test('a program that closes its worker ends the run with an explanation', async () => {
    await run(
      page,
      lab,
      ["export default async function main() {\n  console.log('closing');", '  self.close();', '}'].join('\n'),
      'error',
    );
    await expect(output(lab)).toContainText('The lab worker stopped before the program finished');
    await expectRunnable(page, lab);
  });

  test('a thrown value that cannot be copied to the page is reported as what it is', async () => {
    await run(
      page,
      lab,
      [
        'export default async function main() {',
        "  const error = new Error('x');",
        "  (error as any).message = Symbol('not text');",
        '  throw error;',
        '}',
      ].join('\n'),
      'error',
    );
    await expect(output(lab)).toContainText('Error on line 2 of main.ts: Symbol(not text)');
    await expect(output(lab)).not.toContainText('could not start a backend');

    await run(
      page,
      lab,
      "export default async function main() {\n  throw new Proxy({}, { getPrototypeOf() { throw new Error('trap'); } });\n}",
      'error',
    );
    await expect(output(lab)).toContainText(
      'The program threw a value that cannot be inspected (looking at it threw Error: trap)',
    );
  });

  test('an error thrown after main returned is reported, not lost behind "Done"', async () => {
    await run(
      page,
      lab,
      [
        'async function later() {',
        '  await null;',
        "  throw new Error('thrown by work nobody awaited');",
        '}',
        'export default async function main() {',
        '  void later();',
        '}',
      ].join('\n'),
      'error',
    );
    await expect(output(lab)).toContainText('Error on line 3 of main.ts, after main had returned: thrown by work nobody awaited');
    await expect(lab.getByRole('status')).toContainText('after main returned');

    await run(
      page,
      lab,
      "export default async function main() {\n  setTimeout(() => {\n    throw new Error('thrown by a timer');\n  }, 0);\n}",
      'error',
    );
    await expect(output(lab)).toContainText('after main had returned: thrown by a timer');
  });

  test('a malformed message the program forges ends or skips cleanly, never wedges the lab', async () => {
    // A progress bar whose total is not finite: drawn as an empty bar, and the run goes on. A table bigger
    // than the API would ever send: cut on the page too.
    await run(
      page,
      lab,
      [
        'export default async function main() {',
        `  ${forge("type: 'output', output: { kind: 'progress', progressId: 99, label: 'forged', done: 1, total: Infinity, etaMs: null, unit: 'steps' }")}`,
        '  const rows = Array.from({ length: 2_000 }, (_, i) => [i]);',
        `  ${forge("type: 'output', output: { kind: 'table', columns: ['i'], rows }")}`,
        "  console.log('after the forged bar');",
        '}',
      ].join('\n'),
      'done',
    );
    await expect(output(lab)).toContainText('after the forged bar');
    await expect(lab.locator('.lab-table tbody tr')).toHaveCount(500);
    await expect(lab.locator('.lab-table')).toContainText('1,500 more rows not shown (a table shows 500)');

    // An unreadable "failed" of this run: without it the run could never end, so the page ends it.
    await run(
      page,
      lab,
      [
        'export default async function main() {',
        `  ${forge("type: 'failed', phase: 'program', error: { name: 5 }")}`,
        '  await new Promise(() => {});',
        '}',
      ].join('\n'),
      'error',
    );
    await expect(output(lab)).toContainText("The lab's worker sent a message about the run that the page cannot read");
    await expectRunnable(page, lab);
  });

  test('an output that fails to draw ends the run with an error, and the lab runs again', async () => {
    // Broken for this test only: the group's later tests draw tables on the same page.
    await page.evaluate(() => {
      // `append` is inherited (from Element): the own property set below hides it until it is deleted.
      const own = Object.getOwnPropertyDescriptor(HTMLTableSectionElement.prototype, 'append');
      const restoreTableAppend = () =>
        own
          ? Object.defineProperty(HTMLTableSectionElement.prototype, 'append', own)
          : Reflect.deleteProperty(HTMLTableSectionElement.prototype, 'append');
      Object.assign(window, { restoreTableAppend });
      HTMLTableSectionElement.prototype.append = () => {
        throw new Error('drawing failed on purpose');
      };
    });
    await run(
      page,
      lab,
      "export default async function main(lab: any) {\n  console.log('before the table');\n  lab.table([{ a: 1 }]);\n  await new Promise(() => {});\n}",
      'error',
    );
    await expect(output(lab)).toContainText('The page could not show an output of this run (table)');
    await expect(output(lab)).toContainText('drawing failed on purpose');
    await expect(output(lab)).toContainText('before the table');
    await expectRunnable(page, lab);
    await page.evaluate(() => {
      (window as unknown as { restoreTableAppend(): void }).restoreTableAppend();
    });
  });

  test('focus moves to Stop when a run starts and back to Run when it ends', async () => {
    const stop = lab.getByRole('button', { name: 'Stop', exact: true });
    await pasteCode(page, lab, 'export default async function main() {\n  await new Promise(() => {});\n}');
    await runButton(lab).focus();
    await page.keyboard.press('Enter');
    await expect(stop).toBeFocused();
    await expect(lab).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
    await page.keyboard.press('Enter');
    await expect(lab).toHaveAttribute('data-state', 'idle');
    await expect(runButton(lab)).toBeFocused();

    // A run that ends by itself hands focus back too.
    await pasteCode(page, lab, "export default async function main() {\n  console.log('quick');\n}");
    await runButton(lab).focus();
    await page.keyboard.press('Enter');
    await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(runButton(lab)).toBeFocused();
  });
});

/**
 * The page's goals under a flood (issue 18) are an answer within 200 ms and "Done" within 1 s of the
 * program: speed goals, measured with nothing beside them by `npm run bench:floods` (docs/benchmarks.md).
 * In the suite another test runs on the machine's other core (axe, a training run), which alone can stall a
 * page past 200 ms; there the tests guard against a freeze, seconds long, as the floods once caused.
 */
const answerLimitMs = benchmarking ? 200 : 2_000;
const doneLimitMs = benchmarking ? 1_000 : 5_000;

test.describe('floods are capped, and the page never freezes', () => {
  let shared: OpenedLab | undefined;
  if (benchmarking) {
    // Each flood on a page of its own: the answers measure this flood, not the garbage of the one before. A retry
    // absorbs a stall that the machine, not the flood, caused; code that freezes the page fails every try.
    test.describe.configure({ retries: 2 });
    test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
  } else {
    // One page for all floods, one after another, as a learner would try them: the page must survive each.
    useSharedLab(lessonPath, 'hello-tensors', (opened) => (shared = opened));
  }
  /** The page and lab a flood runs in: the group's, or a page of the test's own when benchmarking. */
  const floodLab = async (page: Page): Promise<OpenedLab> =>
    shared ?? { page, lab: await openLab(page, lessonPath, 'hello-tensors') };
  /** Forged messages go to the first request ids: one on a page of its own, more on the shared page. */
  const forgedRuns = benchmarking ? 1 : 40;

  test('30 MB strings are cut before they reach the page or the editor', async ({ page: testPage }) => {
    const { page, lab } = await floodLab(testPage);
    await pasteCode(
      page,
      lab,
      [
        "import type { Lab } from '../api';",
        'export default async function main(lab: Lab) {',
        "  const big = 'x'.repeat(30_000_000);",
        '  lab.table([{ text: big }], { title: big });',
        '  console.log(big);',
        // The page's first run (this test comes first on its page in both modes): one forged copy, not 40 of 30 MB.
        `  ${forge("type: 'output', output: { kind: 'log', level: 'info', text: big }", 1)}`,
        '  throw new Error(big);',
        '}',
      ].join('\n'),
    );
    await forgetLastRun(lab);
    await runButton(lab).click();
    const slowest = await slowestAnswerDuring(page, async () => (await lab.getAttribute('data-state')) === 'error');
    expect(slowest).toBeLessThan(answerLimitMs);
    await expect(output(lab)).toContainText('Error on line 7 of main.ts: xxxx');
    await expect(output(lab)).toContainText('(29,980,029 characters cut)');
    // Nothing on the page holds more than the caps allow.
    const longest = await output(lab).evaluate((log) =>
      Math.max(
        ...[...log.querySelectorAll('*')].map((node) => (node.children.length === 0 ? (node.textContent ?? '').length : 0)),
      ),
    );
    expect(longest).toBeLessThan(21_000);
    await expect(lab.locator('.lab-error-line')).toHaveCount(1);
  });

  test('50,000 table rows at a time, without end', async ({ page: testPage }) => {
    const { page, lab } = await floodLab(testPage);
    await pasteCode(
      page,
      lab,
      [
        "import type { Lab } from '../api';",
        'export default async function main(lab: Lab) {',
        "  const rows = Array.from({ length: 50_000 }, (_, i) => ({ i, square: i * i, text: 'row ' + i }));",
        "  for (;;) lab.table(rows, { title: 'flood' });",
        '}',
      ].join('\n'),
    );
    await forgetLastRun(lab);
    await runButton(lab).click();
    const slowest = await slowestAnswerDuring(page, async () => (await lab.locator('.lab-table').count()) > 0);
    expect(slowest).toBeLessThan(answerLimitMs);
    const first = lab.locator('.lab-table').first();
    await expect(first.locator('tbody tr')).toHaveCount(500);
    await expect(first).toContainText('49,500 more rows not shown (a table shows 500)');
    await lab.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'idle', { timeout: 1_000 });
  });

  test('progress bars started and finished without end', async ({ page: testPage }) => {
    const { page, lab } = await floodLab(testPage);
    await pasteCode(
      page,
      lab,
      [
        "import type { Lab } from '../api';",
        'export default async function main(lab: Lab) {',
        "  const moving = lab.progress({ label: 'moving', total: 1e12 });",
        '  for (let i = 0; ; i++) {',
        '    moving.update(i);',
        "    lab.progress({ label: 'bar ' + i, total: 1 }).finish();",
        '  }',
        '}',
      ].join('\n'),
    );
    await forgetLastRun(lab);
    await runButton(lab).click();
    const slowest = await slowestAnswerDuring(page, async () => (await lab.locator('.lab-progress').count()) > 0);
    expect(slowest).toBeLessThan(answerLimitMs);
    await expect(output(lab)).toContainText('Output limit reached: more than 100 progress bars were started');
    expect(await lab.locator('.lab-progress').count()).toBeLessThanOrEqual(100);
    await lab.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'idle', { timeout: 1_000 });
  });

  test('messages forged straight to the page count too, and a flood of them ends the run', async ({ page: testPage }) => {
    const { page, lab } = await floodLab(testPage);
    await pasteCode(
      page,
      lab,
      [
        'export default async function main() {',
        "  const rows = Array.from({ length: 2_000 }, (_, i) => [i, 'row ' + i]);",
        '  for (let i = 0; ; i++) {',
        `    ${forge("type: 'output', output: { kind: 'log', level: 'info', text: 'forged ' + i }", forgedRuns)}`,
        `    ${forge("type: 'output', output: { kind: 'progress', progressId: i, label: 'forged', done: 1, total: 2, etaMs: null, unit: 'steps' }", forgedRuns)}`,
        `    if (i % 100 === 0) ${forge("type: 'output', output: { kind: 'table', columns: ['i', 'text'], rows }", forgedRuns)}`,
        '  }',
        '}',
      ].join('\n'),
    );
    await forgetLastRun(lab);
    await runButton(lab).click();
    const slowest = await slowestAnswerDuring(page, async () => (await lab.getAttribute('data-state')) === 'error');
    expect(slowest).toBeLessThan(answerLimitMs);
    await expect(lab.getByRole('status')).toContainText('the program sent too much output');
    await expect(output(lab)).toContainText('The program sent more than the page can show');
    expect(await lab.locator('.lab-progress').count()).toBeLessThanOrEqual(100);
    expect(await lab.locator('.lab-table').count()).toBeLessThanOrEqual(50);
    await expectRunnable(page, lab);
  });

  test('50 charts of 20 lines of 100 points: the page answers, and "Done" follows the program', async ({ page: testPage }) => {
    const { page, lab } = await floodLab(testPage);
    await pasteCode(
      page,
      lab,
      [
        "import type { Lab } from '../api';",
        'export default async function main(lab: Lab) {',
        "  const series = Array.from({ length: 20 }, (_, s) => 'line ' + s);",
        "  const charts = Array.from({ length: 50 }, (_, c) => lab.lineChart({ title: 'chart ' + c, series }));",
        '  for (let x = 0; x < 100; x++) {',
        '    for (const chart of charts) chart.add(x, Object.fromEntries(series.map((name, s) => [name, Math.sin(x / 10 + s)])));',
        '  }',
        "  console.log('program ended at ' + Date.now());",
        '}',
      ].join('\n'),
    );
    // When the lab says "done", by the same clock as the program's.
    await lab.evaluate((host) => {
      new MutationObserver(() => {
        if (host.getAttribute('data-state') === 'done') host.dataset.doneAt ??= String(Date.now());
      }).observe(host, { attributes: true, attributeFilter: ['data-state'] });
    });
    await forgetLastRun(lab);
    await runButton(lab).click();
    // Sampled through the run and well after it, while the charts near the screen are drawn.
    const slowest = await slowestAnswerDuring(page, async () => (await lab.getAttribute('data-state')) === 'done', 30);
    expect(slowest).toBeLessThan(answerLimitMs);

    const ended = Number(/program ended at (\d+)/.exec((await output(lab).textContent()) ?? '')?.[1]);
    const done = Number(await lab.getAttribute('data-done-at'));
    // Reported too (docs/benchmarks.md, "Output and class-results floods"): the figures behind the verdict.
    report(`slowest answer ${Math.round(slowest)} ms; "Done" ${done - ended} ms after the program ended`);
    expect(done - ended).toBeLessThan(doneLimitMs);
    await expect(output(lab)).not.toContainText('Output limit reached');

    const charts = lab.locator('.lab-chart canvas');
    await expect(charts).toHaveCount(50);
    // Chart.js makes its canvas a block when it draws. The log follows the newest output, so the last chart is
    // at the log's end, drawn once the page shows it; a chart scrolled out of sight is drawn once it is
    // scrolled to, while its summary for screen readers is current already.
    const drawn = /display: block/;
    const last = charts.last();
    await last.scrollIntoViewIfNeeded();
    await expect(last).toHaveAttribute('style', drawn);
    const first = charts.first();
    await expect(first).toHaveAttribute('aria-label', /^Line chart: chart 0\. Latest: line 0 -?[\d.]+ at x 99; /);
    await first.scrollIntoViewIfNeeded();
    await expect(first).toHaveAttribute('style', drawn);
    expect(await answerTime(page)).toBeLessThan(answerLimitMs);
  });

  test('a million points added to one chart are capped and thinned, without a freeze', async ({ page: testPage }) => {
    const { page, lab } = await floodLab(testPage);
    await pasteCode(
      page,
      lab,
      [
        "import type { Lab } from '../api';",
        'export default async function main(lab: Lab) {',
        "  const chart = lab.lineChart({ title: 'a million points', series: ['y', 'z'] });",
        '  for (let i = 0; i < 1_000_000; i++) chart.add(i, { y: Math.sin(i / 1000), z: Math.cos(i / 1000) });',
        '}',
      ].join('\n'),
    );
    await forgetLastRun(lab);
    await runButton(lab).click();
    const slowest = await slowestAnswerDuring(page, async () => (await lab.getAttribute('data-state')) === 'done', 20);
    expect(slowest).toBeLessThan(answerLimitMs);
    await expect(output(lab)).toContainText(
      'Output limit reached: more than 100,000 points were added to charts, so the rest are dropped.',
    );
    const chart = lab.locator('.lab-chart canvas');
    await expect(chart).toHaveAttribute('style', /display: block/);
    // Each line keeps 10,000 points; the last one kept is the summary's.
    await expect(chart).toHaveAttribute('aria-label', /Latest: y [-\d.]+ at x 9999; z [-\d.]+ at x 9999\./);
  });
});
