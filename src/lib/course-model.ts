import type { UnitData } from '../schemas/unit.ts';
import type { LessonData } from '../schemas/lesson.ts';
import type { QuizData } from '../schemas/quiz.ts';

/**
 * The course as pages see it: units in order, each with its lessons in order, and the links between
 * lessons. Built once from the content collections by `buildCourse`, which also enforces every rule
 * that spans more than one entry (a single entry's fields are checked by its schema).
 */

export interface UnitInput {
  id: string;
  data: UnitData;
  filePath?: string;
}

export interface LessonInput {
  id: string;
  data: LessonData;
  /** Raw MDX source, scanned for <Quiz id="…" />, <Lab id="…" /> and <Exercise id="…" /> references. */
  body?: string;
  filePath?: string;
}

export interface QuizInput {
  id: string;
  data: QuizData;
  filePath?: string;
}

export interface CourseLesson {
  id: string;
  /** The lesson's slug inside its unit (its file name without extension). */
  slug: string;
  /** Site-relative path without the base, e.g. "module-5/day-9-cpu-vs-gpu/". */
  path: string;
  data: LessonData;
  unitId: string;
  /** Position in the whole course, starting at 0. */
  index: number;
  prev?: CourseLesson;
  next?: CourseLesson;
  quizIds: string[];
  labIds: string[];
  exerciseIds: string[];
}

export interface CourseUnit {
  id: string;
  path: string;
  data: UnitData;
  lessons: CourseLesson[];
}

export interface Course {
  units: CourseUnit[];
  lessons: CourseLesson[];
  /** Which lesson embeds each quiz. */
  quizHome: Map<string, CourseLesson>;
  /** Which lesson embeds each exercise. */
  exerciseHome: Map<string, CourseLesson>;
}

/** Thrown when content breaks a cross-entry rule; lists every problem found, one per line. */
export class CourseContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`The course content has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n- ${problems.join('\n- ')}`);
    this.name = 'CourseContentError';
  }
}

const QUIZ_REF = /<Quiz\s+[^>]*?id=["']([^"']+)["']/g;
const LAB_REF = /<Lab\s+[^>]*?id=["']([^"']+)["']/g;
const EXERCISE_REF = /<Exercise\s+[^>]*?id=["']([^"']+)["']/g;

/** Every character but line breaks as a space, so what follows keeps its position and line. */
function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}

/**
 * The MDX source with everything that is shown rather than run blanked out: fenced code blocks (``` or
 * ~~~, at any indentation, also inside lists, quotes and components), inline code spans, and MDX comments
 * ({/* … *\/}). A lesson that writes `<Lab id="x" />` to teach the syntax embeds no lab.
 */
export function withoutCode(source: string): string {
  let fence: { char: string; length: number } | null = null;
  const lines = source.split('\n').map((line) => {
    const marker = /^[ \t>]*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence.char && marker.length >= fence.length && line.trim().replace(/^[>\s]*/, '') === marker)
        fence = null;
      return blank(line);
    }
    if (marker) {
      fence = { char: marker[0], length: marker.length };
      return blank(line);
    }
    return line;
  });
  return (
    lines
      .join('\n')
      .replace(/\{\/\*[\s\S]*?\*\/\}/g, blank)
      // A run of n backticks up to the next run of exactly n, within one paragraph (CommonMark's code span).
      .replace(/(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n)[^])*?[^`])\1(?!`)/g, blank)
  );
}

function referencedIds(body: string | undefined, pattern: RegExp): string[] {
  if (!body) return [];
  return [...withoutCode(body).matchAll(pattern)].map((match) => match[1]);
}

function where(entry: { id: string; filePath?: string }, fallbackFolder: string): string {
  return entry.filePath ?? `${fallbackFolder}/${entry.id}`;
}

function list(values: string[]): string {
  return values.length > 0 ? values.map((value) => `"${value}"`).join(', ') : '(none yet)';
}

export function buildCourse(input: {
  units: UnitInput[];
  lessons: LessonInput[];
  quizzes: QuizInput[];
  labIds: string[];
  /** Lab folders that are exercises (they have a check.ts); defaults to none. */
  exerciseIds?: string[];
}): Course {
  const problems: string[] = [];
  const unitIds = input.units.map((unit) => unit.id);
  const quizIds = new Set(input.quizzes.map((quiz) => quiz.id));
  const labIds = new Set(input.labIds);
  const exerciseIds = new Set(input.exerciseIds ?? []);

  const unitsByOrder = new Map<number, UnitInput>();
  for (const unit of input.units) {
    const clash = unitsByOrder.get(unit.data.order);
    if (clash) {
      problems.push(
        `${where(unit, 'content/units')}: field "order" is ${unit.data.order}, the same as ${where(clash, 'content/units')}. Give each unit its own order number.`,
      );
    } else {
      unitsByOrder.set(unit.data.order, unit);
    }
  }

  const lessonsByUnit = new Map<string, LessonInput[]>();
  for (const lesson of input.lessons) {
    const file = where(lesson, 'content/lessons');
    const { unit, order } = lesson.data;
    if (!unitIds.includes(unit)) {
      problems.push(
        `${file}: field "unit" is "${unit}", but no unit has that id. Use one of ${list(unitIds)} (the files in content/units/).`,
      );
      continue;
    }
    const folder = lesson.id.includes('/') ? lesson.id.slice(0, lesson.id.lastIndexOf('/')) : '';
    if (folder !== unit) {
      problems.push(
        `${file}: field "unit" is "${unit}", but the file is in content/lessons/${folder || ''}. Move the file to content/lessons/${unit}/ or change the field.`,
      );
      continue;
    }
    const siblings = lessonsByUnit.get(unit) ?? [];
    const clash = siblings.find((other) => other.data.order === order);
    if (clash) {
      problems.push(
        `${file}: field "order" is ${order}, the same as ${where(clash, 'content/lessons')} in unit "${unit}". Give each lesson of a unit its own order number.`,
      );
      continue;
    }
    siblings.push(lesson);
    lessonsByUnit.set(unit, siblings);

    for (const quizId of referencedIds(lesson.body, QUIZ_REF)) {
      if (!quizIds.has(quizId)) {
        problems.push(
          `${file}: <Quiz id="${quizId}" /> refers to a quiz that does not exist. Create content/quizzes/${quizId}.yaml or use one of ${list([...quizIds])}.`,
        );
      }
    }
    for (const exerciseId of referencedIds(lesson.body, EXERCISE_REF)) {
      if (!exerciseIds.has(exerciseId)) {
        problems.push(
          `${file}: <Exercise id="${exerciseId}" /> refers to an exercise that does not exist. Create labs/${exerciseId}/ with main.ts, check.ts, solution.ts and exercise.json, or use one of ${list([...exerciseIds])}.`,
        );
      }
    }
    for (const labId of referencedIds(lesson.body, LAB_REF)) {
      if (!labIds.has(labId)) {
        problems.push(
          `${file}: <Lab id="${labId}" /> refers to a lab that does not exist. Create labs/${labId}/main.ts or use one of ${list([...labIds])}.`,
        );
      }
    }
  }

  const sortedUnits = [...input.units].sort((a, b) => a.data.order - b.data.order);
  for (const unit of sortedUnits) {
    if (!lessonsByUnit.has(unit.id)) {
      problems.push(
        `${where(unit, 'content/units')}: unit "${unit.id}" has no lessons. Add at least one MDX file to content/lessons/${unit.id}/ with unit: ${unit.id}.`,
      );
    }
  }

  const allLessons: CourseLesson[] = [];
  const units: CourseUnit[] = sortedUnits.map((unit) => {
    const lessons = (lessonsByUnit.get(unit.id) ?? [])
      .sort((a, b) => a.data.order - b.data.order)
      .map((lesson): CourseLesson => {
        const slug = lesson.id.slice(lesson.id.lastIndexOf('/') + 1);
        const courseLesson: CourseLesson = {
          id: lesson.id,
          slug,
          path: `${unit.id}/${slug}/`,
          data: lesson.data,
          unitId: unit.id,
          index: allLessons.length,
          quizIds: referencedIds(lesson.body, QUIZ_REF),
          labIds: referencedIds(lesson.body, LAB_REF),
          exerciseIds: referencedIds(lesson.body, EXERCISE_REF),
        };
        allLessons.push(courseLesson);
        return courseLesson;
      });
    return { id: unit.id, path: `${unit.id}/`, data: unit.data, lessons };
  });

  allLessons.forEach((lesson, index) => {
    lesson.prev = allLessons[index - 1];
    lesson.next = allLessons[index + 1];
  });

  const quizHome = new Map<string, CourseLesson>();
  for (const lesson of allLessons) {
    for (const quizId of lesson.quizIds) {
      const home = quizHome.get(quizId);
      if (home && home !== lesson) {
        problems.push(
          `content/lessons/${lesson.id}.mdx: quiz "${quizId}" is already embedded in content/lessons/${home.id}.mdx. A quiz may appear on one page only; make a copy with its own id.`,
        );
      } else if (home === lesson) {
        problems.push(
          `content/lessons/${lesson.id}.mdx: quiz "${quizId}" is embedded twice on the same page. Remove one <Quiz id="${quizId}" />.`,
        );
      } else {
        quizHome.set(quizId, lesson);
      }
    }
  }

  const exerciseHome = new Map<string, CourseLesson>();
  for (const lesson of allLessons) {
    for (const exerciseId of lesson.exerciseIds) {
      const home = exerciseHome.get(exerciseId);
      if (home) {
        problems.push(
          `content/lessons/${lesson.id}.mdx: exercise "${exerciseId}" is already embedded in content/lessons/${home.id}.mdx. An exercise may appear once in the course; remove one <Exercise id="${exerciseId}" />.`,
        );
      } else {
        exerciseHome.set(exerciseId, lesson);
      }
    }
  }

  if (problems.length > 0) throw new CourseContentError(problems);
  return { units, lessons: allLessons, quizHome, exerciseHome };
}
