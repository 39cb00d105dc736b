import { describe, expect, it } from 'vitest';
import { checkSummary, exerciseBadge, exercisePassed } from '../../src/exercise/exercise-words.ts';

const when = '2026-11-29T20:00:00.000Z';
const ran = { id: 'program-runs', passed: true };

describe('checkSummary', () => {
  it('says the exercise passed only when every check passes', () => {
    expect(checkSummary([ran, { id: 'a', passed: true }])).toBe(
      'All 2 checks pass: exercise passed. It is saved with your progress in this browser.',
    );
    expect(checkSummary([ran, { id: 'a', passed: false }, { id: 'b', passed: false }])).toBe(
      '1 of 3 checks pass. Fix the 2 marked ✗ and run again.',
    );
    expect(checkSummary([{ id: 'program-runs', passed: false }])).toBe('0 of 1 checks pass. Fix the one marked ✗ and run again.');
  });
});

describe('exercisePassed: the page decides from the list, not from a flag', () => {
  it('is a pass only when the harness ran the program and the check, and every requirement passed', () => {
    expect(exercisePassed([ran, { id: 'reads-per-epoch', passed: true }])).toBe(true);
    expect(exercisePassed([ran, { id: 'a', passed: true }, { id: 'b', passed: false }, { id: 'c', passed: false }])).toBe(false);
  });

  it('refuses lists the harness never makes', () => {
    expect(exercisePassed([])).toBe(false);
    expect(exercisePassed([ran])).toBe(false);
    expect(exercisePassed([{ id: 'all', passed: true }])).toBe(false);
    expect(exercisePassed([{ id: 'a', passed: true }, ran])).toBe(false);
    expect(exercisePassed([ran, { id: 'a', passed: true }, { id: 'a', passed: true }])).toBe(false);
  });

  it('never calls an empty list of checks a pass', () => {
    expect(checkSummary([])).toBe('0 of 0 checks pass. Fix the 0 marked ✗ and run again.');
  });
});

describe('exerciseBadge', () => {
  it('marks a pass, a look at the solution, and both', () => {
    expect(exerciseBadge(undefined)).toBeNull();
    expect(exerciseBadge({ passedAt: when })).toBe('Passed');
    expect(exerciseBadge({ solutionShownAt: when })).toBe('Solution shown');
    expect(exerciseBadge({ passedAt: when, solutionShownAt: when })).toBe('Passed · solution shown');
  });
});
