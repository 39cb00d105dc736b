import { getCollection } from 'astro:content';
import { buildCourse, type Course } from './course-model.ts';
import { measureMdxLesson } from './lesson-load-mdx.ts';

/** Every lab program: `labs/<id>/main.ts`. Listed at build time so lessons can only embed labs that exist. */
const labPrograms = import.meta.glob('/labs/*/main.ts', { query: '?raw', import: 'default' });

export const labIds: string[] = Object.keys(labPrograms).map((file) => file.split('/')[2]);

/** Every exercise: a lab folder with a hidden `check.ts` (see labs/README.md, "Exercises"). */
const exerciseChecks = import.meta.glob('/labs/*/check.ts', { query: '?raw', import: 'default' });

export const exerciseIds: string[] = Object.keys(exerciseChecks).map((file) => file.split('/')[2]);

let course: Promise<Course> | undefined;

/** The validated course, built once per build; a content mistake fails the build here with its message. */
export function getCourse(): Promise<Course> {
  course ??= (async () => {
    const [units, lessons, quizzes] = await Promise.all([
      getCollection('units'),
      getCollection('lessons'),
      getCollection('quizzes'),
    ]);
    return buildCourse({ units, lessons, quizzes, labIds, exerciseIds });
  })();
  return course;
}

/** Prefix a site-relative path with the configured base, so links work under a sub-path too. */
export function href(path = ''): string {
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  return `${base}${path.replace(/^\//, '')}`;
}

/** Each lab's program, read when the minutes of lessons are computed. */
const labSources = import.meta.glob<string>('/labs/*/main.ts', { query: '?raw', import: 'default', eager: true });

let minutes: Promise<Map<string, number>> | undefined;

/**
 * The minutes each lesson states, by lesson id: computed from its core prose, labs, exercises and quizzes
 * (src/lib/lesson-load.ts), never written by hand.
 */
export function getLessonMinutes(): Promise<Map<string, number>> {
  minutes ??= (async () => {
    const lessons = await getCollection('lessons');
    const codeLines = (id: string) => (labSources[`/labs/${id}/main.ts`] ?? '').split('\n').length;
    return new Map(lessons.map((lesson) => [lesson.id, measureMdxLesson(lesson.body ?? '', codeLines).minutes]));
  })();
  return minutes;
}
