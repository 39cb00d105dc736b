import { describe, expect, test } from 'vitest';
import { GiB, MiB, budgetOverride, memoryBudget, overBudget, workerBudget } from '../../src/lab/page/memory-budget.ts';
import { memoryText } from '../../src/lab/page/run-messages.ts';

describe('memoryBudget', () => {
  test('a quarter of the device for tensors and half for the page, capped at 1.5 and 3 GiB', () => {
    expect(memoryBudget(8)).toEqual({ tensorBytes: 1.5 * GiB, pageBytes: 3 * GiB, lowered: false });
    expect(memoryBudget(4)).toEqual({ tensorBytes: 1 * GiB, pageBytes: 2 * GiB, lowered: false });
    expect(memoryBudget(2)).toEqual({ tensorBytes: 0.5 * GiB, pageBytes: 1 * GiB, lowered: false });
    expect(memoryBudget(0.5)).toEqual({ tensorBytes: 128 * MiB, pageBytes: 256 * MiB, lowered: false });
  });

  test('a browser that does not say (Firefox, Safari) is taken for a 4 GiB device', () => {
    expect(memoryBudget(undefined)).toEqual(memoryBudget(4));
    expect(memoryBudget(Number.NaN)).toEqual(memoryBudget(4));
    expect(memoryBudget(0)).toEqual(memoryBudget(4));
  });

  test('the page address lowers the tensor budget, never raises it, and leaves the page budget alone', () => {
    expect(memoryBudget(8, 256)).toEqual({ tensorBytes: 256 * MiB, pageBytes: 3 * GiB, lowered: true });
    expect(memoryBudget(8, 100_000)).toEqual({ tensorBytes: 1.5 * GiB, pageBytes: 3 * GiB, lowered: false });
  });
});

describe('budgetOverride', () => {
  test('reads ?lab-memory-budget=<MiB>', () => {
    expect(budgetOverride('?lab-memory-budget=256')).toBe(256);
    expect(budgetOverride('?x=1&lab-memory-budget=0.5')).toBe(0.5);
  });

  test('ignores what is not a positive number', () => {
    for (const search of ['', '?lab-memory-budget=', '?lab-memory-budget=abc', '?lab-memory-budget=0', '?lab-memory-budget=-5'])
      expect(budgetOverride(search), search).toBeNull();
    expect(budgetOverride('?lab-memory-budget=Infinity')).toBeNull();
  });
});

describe('overBudget', () => {
  const budget = memoryBudget(4);

  test('within the budget is null, at the budget too', () => {
    expect(overBudget({ tensorBytes: 0 }, budget)).toBeNull();
    expect(
      overBudget({ tensorBytes: budget.tensorBytes, gpuBytes: budget.tensorBytes, pageBytes: budget.pageBytes }, budget),
    ).toBeNull();
  });

  test('names what passed it: tensors, their GPU memory, or the whole page', () => {
    expect(overBudget({ tensorBytes: budget.tensorBytes + 1 }, budget)).toEqual({
      what: 'tensors',
      bytes: budget.tensorBytes + 1,
      budget: budget.tensorBytes,
    });
    expect(overBudget({ tensorBytes: 0, gpuBytes: 2 * GiB }, budget)).toEqual({
      what: 'gpu',
      bytes: 2 * GiB,
      budget: budget.tensorBytes,
    });
    expect(overBudget({ tensorBytes: 0, pageBytes: 3 * GiB }, budget)).toEqual({
      what: 'page',
      bytes: 3 * GiB,
      budget: budget.pageBytes,
    });
  });
});

describe("the run's worker", () => {
  test('may hold what the page may, or the lowered budget when the page address lowers it', () => {
    expect(workerBudget(memoryBudget(8))).toBe(3 * GiB);
    expect(workerBudget(memoryBudget(8, 256))).toBe(256 * MiB);
  });

  test('a worker over its budget is named, before the whole page', () => {
    const budget = memoryBudget(8, 256);
    expect(overBudget({ tensorBytes: 0, workerBytes: 300 * MiB, pageBytes: 400 * MiB }, budget)).toEqual({
      what: 'worker',
      bytes: 300 * MiB,
      budget: 256 * MiB,
    });
    expect(overBudget({ tensorBytes: 0, workerBytes: 256 * MiB }, budget)).toBeNull();
    expect(memoryText.overBudget({ what: 'worker', bytes: 300 * MiB, budget: 256 * MiB })).toBe(
      "Stopped: the lab's worker held 300.0 MB of memory (JavaScript objects and arrays included), over its 256.0 MB budget.",
    );
  });
});

describe('memory wording', () => {
  const budget = memoryBudget(8);

  test('the memory line', () => {
    expect(memoryText.meter({ tensorBytes: 64 * MiB, peakTensorBytes: 128 * MiB }, budget)).toBe(
      'Tensors: 64.0 MB (peak 128.0 MB) of a 1.5 GB budget.',
    );
    expect(
      memoryText.meter({ tensorBytes: 0, peakTensorBytes: 0, gpuBytes: 32 * MiB, pageBytes: 700 * MiB }, memoryBudget(8, 256)),
    ).toBe(
      'Tensors: 0 B (peak 0 B) of a 256.0 MB budget (lowered by the page address); 32.0 MB on the GPU. The whole page: 700.0 MB of 3.0 GB.',
    );
  });

  test('the stop says what passed which budget', () => {
    expect(memoryText.overBudget({ what: 'tensors', bytes: 1.6 * GiB, budget: 1.5 * GiB })).toBe(
      'Stopped: this run held 1.6 GB of tensors, over its 1.5 GB budget.',
    );
    expect(memoryText.overBudget({ what: 'gpu', bytes: 1.6 * GiB, budget: 1.5 * GiB })).toBe(
      "Stopped: this run's tensors took 1.6 GB of GPU memory, over its 1.5 GB budget.",
    );
    expect(memoryText.overBudget({ what: 'page', bytes: 3.2 * GiB, budget: 3 * GiB })).toBe(
      'Stopped: this page used 3.2 GB of memory during the run, over its 3.0 GB budget.',
    );
  });

  test('the notice after a run that ended the page says whether the code was saved', () => {
    expect(memoryText.lastRunEndedPage(true)).toMatch(
      /^The last run of this lab ended the page.*probably because it ran out of memory/,
    );
    expect(memoryText.lastRunEndedPage(true)).toContain('Your code was saved');
    expect(memoryText.lastRunEndedPage(false)).toContain('could not be saved');
  });
});
