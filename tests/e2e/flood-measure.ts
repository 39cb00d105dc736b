import { loadavg } from 'node:os';
import { test, type Page } from '@playwright/test';

/**
 * What the flood tests (lab-robustness.spec.ts, instructor-view.spec.ts) share. `npm run bench:floods` sets
 * COURSE_BENCH_FLOODS=1: each flood then runs alone and is held to its goal; in `npm test` another worker shares
 * the two cores, so the tests hold the page to "no freeze" only.
 */
export const benchmarkingFloods = process.env.COURSE_BENCH_FLOODS === '1';

/**
 * How long the page takes to answer: from a task of the page until its next animation frame, which
 * waits for whatever the page draws meanwhile (and for its style, layout and paint).
 */
export function answerTime(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const asked = performance.now();
        requestAnimationFrame(() => resolve(performance.now() - asked));
      }),
  );
}

/** Notes a measured figure in the test's report, and in its output, with the machine's load. */
export function report(figures: string): void {
  const description = `${figures} (load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(', ')})`;
  test.info().annotations.push({ type: 'figures', description });
  console.log(`${test.info().title}: ${description}`);
}
