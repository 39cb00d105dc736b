import type { Progress } from './progress-store.ts';

/**
 * What the browser needs to know about the course to report progress: every lesson, and for each quiz
 * the lesson that embeds it and its question ids. Rendered into every page by ProgressTracker.astro.
 * It holds no answers.
 */
export interface CourseMap {
  /** Lesson ids in course order. */
  lessons: string[];
  /** quizId → where it lives and what it asks. */
  quizzes: Record<string, { lesson: string; questions: string[] }>;
}

export interface QuizTally {
  /** Questions answered (checked) so far. */
  answered: number;
  /** Of those, the ones answered correctly. */
  correct: number;
  /** Questions in total. */
  total: number;
}

export interface LessonStatus {
  visited: boolean;
  /** The tally over every quiz of the lesson; null when the lesson has no quiz. */
  quiz: QuizTally | null;
}

export interface CourseSummary {
  lessonsVisited: number;
  lessonsTotal: number;
  quiz: QuizTally;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isCourseMap(value: unknown): value is CourseMap {
  return (
    isObject(value) &&
    isStringArray(value.lessons) &&
    isObject(value.quizzes) &&
    Object.values(value.quizzes).every((quiz) => isObject(quiz) && typeof quiz.lesson === 'string' && isStringArray(quiz.questions))
  );
}

/** Counts only questions the quiz still has, so answers to since-removed questions never inflate a score. */
export function tallyQuiz(progress: Progress, quizId: string, questionIds: readonly string[]): QuizTally {
  const answers = progress.quizzes[quizId] ?? {};
  let answered = 0;
  let correct = 0;
  for (const id of questionIds) {
    const answer = answers[id];
    if (!answer) continue;
    answered += 1;
    if (answer.correct) correct += 1;
  }
  return { answered, correct, total: questionIds.length };
}

function addTallies(a: QuizTally, b: QuizTally): QuizTally {
  return { answered: a.answered + b.answered, correct: a.correct + b.correct, total: a.total + b.total };
}

export function lessonStatus(progress: Progress, map: CourseMap, lessonId: string): LessonStatus {
  const tallies = Object.entries(map.quizzes)
    .filter(([, quiz]) => quiz.lesson === lessonId)
    .map(([quizId, quiz]) => tallyQuiz(progress, quizId, quiz.questions));
  return {
    visited: lessonId in progress.visited,
    quiz: tallies.length > 0 ? tallies.reduce(addTallies) : null,
  };
}

export function courseSummary(progress: Progress, map: CourseMap): CourseSummary {
  return {
    lessonsVisited: map.lessons.filter((lessonId) => lessonId in progress.visited).length,
    lessonsTotal: map.lessons.length,
    quiz: Object.entries(map.quizzes)
      .map(([quizId, quiz]) => tallyQuiz(progress, quizId, quiz.questions))
      .reduce(addTallies, { answered: 0, correct: 0, total: 0 }),
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
