import { describe, expect, it } from 'vitest';
import { checkSummary, exerciseBadge } from '../../src/exercise/exercise-words.ts';

const when = '2026-11-29T20:00:00.000Z';

describe('checkSummary', () => {
  it('says the exercise passed only when every check passes', () => {
    expect(checkSummary([{ passed: true }, { passed: true }])).toBe(
      'All 2 checks pass: exercise passed. It is saved with your progress in this browser.',
    );
    expect(checkSummary([{ passed: true }, { passed: false }, { passed: false }])).toBe(
      '1 of 3 checks pass. Fix the 2 marked ✗ and run again.',
    );
    expect(checkSummary([{ passed: false }])).toBe('0 of 1 checks pass. Fix the one marked ✗ and run again.');
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
