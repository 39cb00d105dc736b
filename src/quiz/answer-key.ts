import type { QuizData } from '../schemas/quiz.ts';

/**
 * Everything a quiz reveals only after an answer is checked: which option is right, why each option is
 * right or wrong, and the model answer. Quiz.astro serialises it as JSON inside an element Pagefind ignores,
 * and the <course-quiz> element reads it back; the visible page and the search index never contain it.
 */
export interface QuestionKey {
  /** Id of the one correct option. */
  correct: string;
  /** optionId → why that option is right or wrong. */
  explanations: Record<string, string>;
  modelAnswer?: string;
}

/** questionId → its key. */
export type AnswerKey = Record<string, QuestionKey>;

export function answerKeyOf(quiz: QuizData): AnswerKey {
  return Object.fromEntries(
    quiz.questions.map((question) => {
      const correct = question.options.find((option) => option.correct);
      // The schema guarantees exactly one correct option; this keeps the type honest without a cast.
      if (!correct) throw new Error(`Question "${question.id}" has no correct option.`);
      const key: QuestionKey = {
        correct: correct.id,
        explanations: Object.fromEntries(question.options.map((option) => [option.id, option.explanation])),
      };
      if (question.modelAnswer) key.modelAnswer = question.modelAnswer;
      return [question.id, key];
    }),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isQuestionKey(value: unknown): value is QuestionKey {
  return (
    isObject(value) &&
    typeof value.correct === 'string' &&
    isObject(value.explanations) &&
    Object.values(value.explanations).every((text) => typeof text === 'string') &&
    (value.modelAnswer === undefined || typeof value.modelAnswer === 'string')
  );
}

function isAnswerKey(value: unknown): value is AnswerKey {
  return isObject(value) && Object.values(value).every(isQuestionKey);
}

/** Parses the JSON that Quiz.astro embeds; null if it is missing or not an answer key. */
export function parseAnswerKey(json: string | null | undefined): AnswerKey | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return isAnswerKey(value) ? value : null;
  } catch {
    return null;
  }
}
