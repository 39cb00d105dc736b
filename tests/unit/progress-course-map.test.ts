import { describe, expect, it } from 'vitest';
import {
  answerOf,
  courseSummary,
  isCourseMap,
  lessonStatus,
  tallyQuiz,
  type CourseMap,
  type QuestionShape,
} from '../../src/progress/course-map.ts';
import { emptyProgress, type Progress } from '../../src/progress/progress-store.ts';

const answeredAt = '2026-11-22T10:00:00.000Z';

const trueFalse = (id: string): QuestionShape => ({ id, options: ['true', 'false'] });
const choice = (id: string): QuestionShape => ({ id, options: ['a', 'b', 'c'] });

const map: CourseMap = {
  lessons: ['module-5/intro', 'week-6/true-false-review', 'week-6/applied-scenarios'],
  quizzes: {
    'week-6-true-false': { lesson: 'week-6/true-false-review', questions: ['q1', 'q2', 'q3'].map(trueFalse) },
    'week-6-scenarios': { lesson: 'week-6/applied-scenarios', questions: ['s1', 's2'].map(choice) },
    'week-6-extra': { lesson: 'week-6/applied-scenarios', questions: ['e1'].map(choice) },
  },
  exercises: {
    'exercise-leak': { lesson: 'module-5/intro' },
    'exercise-read-back': { lesson: 'module-5/intro' },
  },
};

const progress: Progress = {
  ...emptyProgress(),
  quizzes: {
    'week-6-true-false': {
      q1: { choice: 'true', correct: true, answeredAt },
      q2: { choice: 'true', correct: false, answeredAt },
      removed: { choice: 'a', correct: true, answeredAt },
    },
    'week-6-scenarios': { s1: { choice: 'a', correct: true, answeredAt } },
  },
  visited: { 'week-6/true-false-review': answeredAt, 'no-longer/a-lesson': answeredAt },
  exercises: {
    'exercise-leak': { passedAt: answeredAt },
    // Looked at the solution but has not passed yet: not counted.
    'exercise-read-back': { solutionShownAt: answeredAt },
    'removed-exercise': { passedAt: answeredAt },
  },
};

describe('tallyQuiz', () => {
  it('counts answered and correct questions, ignoring answers to questions the quiz no longer has', () => {
    expect(tallyQuiz(progress, 'week-6-true-false', ['q1', 'q2', 'q3'].map(trueFalse))).toEqual({
      answered: 2,
      correct: 1,
      total: 3,
    });
  });

  it('reports an unanswered quiz as nothing answered', () => {
    expect(tallyQuiz(emptyProgress(), 'week-6-true-false', [trueFalse('q1')])).toEqual({ answered: 0, correct: 0, total: 1 });
  });

  it('drops a stored choice the question no longer offers: not counted, and not an answer to show', () => {
    const edited: Progress = {
      ...emptyProgress(),
      quizzes: { quiz: { q1: { choice: 'd', correct: true, answeredAt }, q2: { choice: 'b', correct: false, answeredAt } } },
    };
    const questions = [choice('q1'), choice('q2')];
    expect(tallyQuiz(edited, 'quiz', questions)).toEqual({ answered: 1, correct: 0, total: 2 });
    expect(answerOf(edited, 'quiz', choice('q1'))).toBeUndefined();
    expect(answerOf(edited, 'quiz', choice('q2'))).toEqual({ choice: 'b', correct: false, answeredAt });
  });
});

describe('lessonStatus', () => {
  it('combines visit and quiz tallies of the lesson', () => {
    expect(lessonStatus(progress, map, 'week-6/true-false-review')).toEqual({
      visited: true,
      quiz: { answered: 2, correct: 1, total: 3 },
      exercises: null,
    });
  });

  it('adds up every quiz embedded in the same lesson', () => {
    expect(lessonStatus(progress, map, 'week-6/applied-scenarios')).toEqual({
      visited: false,
      quiz: { answered: 1, correct: 1, total: 3 },
      exercises: null,
    });
  });

  it('has no quiz tally for a lesson without a quiz, and counts its passed exercises only', () => {
    expect(lessonStatus(progress, map, 'module-5/intro')).toEqual({
      visited: false,
      quiz: null,
      exercises: { passed: 1, total: 2 },
    });
  });
});

describe('courseSummary', () => {
  it('counts only lessons that exist and questions of every quiz', () => {
    expect(courseSummary(progress, map)).toEqual({
      lessonsVisited: 1,
      lessonsTotal: 3,
      quiz: { answered: 3, correct: 2, total: 6 },
      exercises: { passed: 1, total: 2 },
    });
  });
});

describe('isCourseMap', () => {
  it('accepts the map ProgressTracker renders and rejects anything else', () => {
    expect(isCourseMap(map)).toBe(true);
    expect(isCourseMap({ lessons: [], quizzes: {}, exercises: {} })).toBe(true);
    expect(isCourseMap(null)).toBe(false);
    expect(isCourseMap({ lessons: [], quizzes: {} })).toBe(false);
    expect(isCourseMap({ lessons: [], quizzes: {}, exercises: { e: {} } })).toBe(false);
    expect(isCourseMap({ lessons: 'a', quizzes: {}, exercises: {} })).toBe(false);
    expect(isCourseMap({ lessons: [], quizzes: { q: { lesson: 'l' } } })).toBe(false);
    expect(isCourseMap({ lessons: [], quizzes: { q: { lesson: 'l', questions: ['q1'] } } })).toBe(false);
    expect(isCourseMap({ lessons: [], quizzes: [] })).toBe(false);
  });
});
