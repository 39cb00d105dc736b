import type { AnswerRecord, Progress } from './progress-store.ts';

/**
 * What the browser needs to know about the course to report progress: every lesson, for each quiz the
 * lesson that embeds it and its question ids, and for each exercise the lesson that embeds it. Rendered
 * into every page by ProgressTracker.astro. It holds no answers.
 */
export interface CourseMap {
  /** Lesson ids in course order. */
  lessons: string[];
  /** quizId → where it lives and what it asks. */
  quizzes: Record<string, { lesson: string; questions: QuestionShape[] }>;
  /** exerciseId → the lesson that embeds it. */
  exercises: Record<string, { lesson: string }>;
}

/** A question's id and the ids of the options it offers now. */
export interface QuestionShape {
  id: string;
  options: string[];
}

export interface QuizTally {
  /** Questions answered (checked) so far. */
  answered: number;
  /** Of those, the ones answered correctly. */
  correct: number;
  /** Questions in total. */
  total: number;
}

export interface ExerciseTally {
  /** Exercises whose checks all passed. */
  passed: number;
  /** Exercises in total. */
  total: number;
}

export interface LessonStatus {
  visited: boolean;
  /** The tally over every quiz of the lesson; null when the lesson has no quiz. */
  quiz: QuizTally | null;
  /** The lesson's exercises; null when it has none. */
  exercises: ExerciseTally | null;
}

export interface CourseSummary {
  lessonsVisited: number;
  lessonsTotal: number;
  quiz: QuizTally;
  exercises: ExerciseTally;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isQuestionShape(value: unknown): value is QuestionShape {
  return isObject(value) && typeof value.id === 'string' && isStringArray(value.options);
}

export function isCourseMap(value: unknown): value is CourseMap {
  return (
    isObject(value) &&
    isStringArray(value.lessons) &&
    isObject(value.exercises) &&
    Object.values(value.exercises).every((exercise) => isObject(exercise) && typeof exercise.lesson === 'string') &&
    isObject(value.quizzes) &&
    Object.values(value.quizzes).every(
      (quiz) =>
        isObject(quiz) &&
        typeof quiz.lesson === 'string' &&
        Array.isArray(quiz.questions) &&
        quiz.questions.every(isQuestionShape),
    )
  );
}

/**
 * The stored answer to a question, or undefined when there is none or its choice is no longer one of the
 * question's options (the quiz was edited since). Scores and the quiz itself both read answers through
 * this, so a stale choice is neither counted nor shown.
 */
export function answerOf(progress: Progress, quizId: string, question: QuestionShape): AnswerRecord | undefined {
  const answer = progress.quizzes[quizId]?.[question.id];
  return answer && question.options.includes(answer.choice) ? answer : undefined;
}

/** Counts only questions the quiz still has, with choices it still offers, so edits never inflate a score. */
export function tallyQuiz(progress: Progress, quizId: string, questions: readonly QuestionShape[]): QuizTally {
  let answered = 0;
  let correct = 0;
  for (const question of questions) {
    const answer = answerOf(progress, quizId, question);
    if (!answer) continue;
    answered += 1;
    if (answer.correct) correct += 1;
  }
  return { answered, correct, total: questions.length };
}

function addTallies(a: QuizTally, b: QuizTally): QuizTally {
  return { answered: a.answered + b.answered, correct: a.correct + b.correct, total: a.total + b.total };
}

/** Passed exercises among `exerciseIds`: only exercises the course still has count. */
function tallyExercises(progress: Progress, exerciseIds: readonly string[]): ExerciseTally {
  return {
    passed: exerciseIds.filter((exerciseId) => progress.exercises[exerciseId]?.passedAt !== undefined).length,
    total: exerciseIds.length,
  };
}

export function lessonStatus(progress: Progress, map: CourseMap, lessonId: string): LessonStatus {
  const exerciseIds = Object.entries(map.exercises)
    .filter(([, exercise]) => exercise.lesson === lessonId)
    .map(([exerciseId]) => exerciseId);
  const tallies = Object.entries(map.quizzes)
    .filter(([, quiz]) => quiz.lesson === lessonId)
    .map(([quizId, quiz]) => tallyQuiz(progress, quizId, quiz.questions));
  return {
    visited: lessonId in progress.visited,
    quiz: tallies.length > 0 ? tallies.reduce(addTallies) : null,
    exercises: exerciseIds.length > 0 ? tallyExercises(progress, exerciseIds) : null,
  };
}

export function courseSummary(progress: Progress, map: CourseMap): CourseSummary {
  return {
    lessonsVisited: map.lessons.filter((lessonId) => lessonId in progress.visited).length,
    lessonsTotal: map.lessons.length,
    quiz: Object.entries(map.quizzes)
      .map(([quizId, quiz]) => tallyQuiz(progress, quizId, quiz.questions))
      .reduce(addTallies, { answered: 0, correct: 0, total: 0 }),
    exercises: tallyExercises(progress, Object.keys(map.exercises)),
  };
}

/** Reads the map that ProgressTracker.astro renders; null when the page has none. */
export function readCourseMap(doc: Document): CourseMap | null {
  const text = doc.getElementById('course-progress-map')?.textContent;
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return isCourseMap(value) ? value : null;
  } catch {
    return null;
  }
}
