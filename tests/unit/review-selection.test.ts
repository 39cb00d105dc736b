import { describe, expect, it } from 'vitest';
import { emptyProgress, type Progress } from '../../src/progress/progress-store.ts';
import { reviewSelection, type ReviewQuiz } from '../../src/progress/review-selection.ts';

/** Which questions a unit's review brings back, from stored progress (src/progress/review-selection.ts). */

const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 10, minute)).toISOString();

const quizzes: ReviewQuiz[] = [
  { quizId: 'q1', questions: ['a', 'b', 'c'].map((id) => ({ id, options: ['true', 'false'] })) },
  { quizId: 'q2', questions: ['d', 'e', 'f'].map((id) => ({ id, options: ['true', 'false'] })) },
];

function progressWith(change: Partial<Progress>): Progress {
  return { ...emptyProgress(), ...change };
}

describe('reviewSelection', () => {
  it('is empty when nothing was missed, even with unanswered questions', () => {
    expect(reviewSelection(emptyProgress(), quizzes)).toEqual({ missed: [], fresh: [] });
  });

  it('brings back a miss, cleared by "Try again" or still answered wrong, with up to three unanswered questions', () => {
    const progress = progressWith({
      quizzes: { q1: { a: { choice: 'true', correct: true, answeredAt: at(1) } } },
      missed: { q1: { b: { choice: 'false', missedAt: at(2) } }, q2: { e: { choice: 'true', missedAt: at(3) } } },
    });
    expect(reviewSelection(progress, quizzes)).toEqual({
      missed: [
        { quizId: 'q1', questionId: 'b' },
        { quizId: 'q2', questionId: 'e' },
      ],
      fresh: [
        { quizId: 'q1', questionId: 'c' },
        { quizId: 'q2', questionId: 'd' },
        { quizId: 'q2', questionId: 'f' },
      ],
    });
    expect(reviewSelection(progress, quizzes, 1).fresh).toEqual([{ quizId: 'q1', questionId: 'c' }]);
  });

  it('settles a miss only with a right answer checked after it', () => {
    const missed = { q1: { b: { choice: 'false', missedAt: at(5) } } };
    const rightLater = progressWith({ missed, quizzes: { q1: { b: { choice: 'true', correct: true, answeredAt: at(6) } } } });
    expect(reviewSelection(rightLater, quizzes).missed).toEqual([]);
    const rightBefore = progressWith({ missed, quizzes: { q1: { b: { choice: 'true', correct: true, answeredAt: at(4) } } } });
    expect(reviewSelection(rightBefore, quizzes).missed).toEqual([{ quizId: 'q1', questionId: 'b' }]);
  });

  it('ignores misses of questions the unit no longer has', () => {
    const progress = progressWith({
      missed: { q1: { gone: { choice: 'true', missedAt: at(1) } }, other: { a: { choice: 'x', missedAt: at(1) } } },
    });
    expect(reviewSelection(progress, quizzes)).toEqual({ missed: [], fresh: [] });
  });
});
