import { answerOf, type QuestionShape } from './course-map.ts';
import type { Progress } from './progress-store.ts';

/**
 * Which questions a unit's review brings back (the "Review" section of each unit page, src/quiz/unit-review.ts):
 * - every question the learner missed and has not answered right since: a right answer checked after the
 *   latest miss settles it; "Try again" alone does not;
 * - mixed in, only when something was missed, up to `freshCount` questions of the unit the learner has not
 *   answered yet and never missed, in course order, so the review also moves the learner on.
 * With nothing missed there is nothing to review, and the section stays hidden.
 */

/** One quiz of the unit, as the page offers it. */
export interface ReviewQuiz {
  quizId: string;
  questions: QuestionShape[];
}

export interface ReviewQuestion {
  quizId: string;
  questionId: string;
}

export interface ReviewSelection {
  missed: ReviewQuestion[];
  fresh: ReviewQuestion[];
}

/** How many unanswered questions join the missed ones. */
export const FRESH_QUESTIONS = 3;

export function reviewSelection(
  progress: Progress,
  quizzes: readonly ReviewQuiz[],
  freshCount = FRESH_QUESTIONS,
): ReviewSelection {
  const missed: ReviewQuestion[] = [];
  const unanswered: ReviewQuestion[] = [];
  for (const { quizId, questions } of quizzes) {
    for (const question of questions) {
      const miss = progress.missed[quizId]?.[question.id];
      const answer = answerOf(progress, quizId, question);
      const item = { quizId, questionId: question.id };
      if (miss) {
        const settled = answer?.correct === true && Date.parse(answer.answeredAt) >= Date.parse(miss.missedAt);
        if (!settled) missed.push(item);
      } else if (!answer) unanswered.push(item);
    }
  }
  return { missed, fresh: missed.length > 0 ? unanswered.slice(0, freshCount) : [] };
}
