import { describe, expect, it } from 'vitest';
import { buildCourse, CourseContentError, type LessonInput, type UnitInput } from '../../src/lib/course-model.ts';
import type { QuizData } from '../../src/schemas/quiz.ts';

function unit(id: string, order: number): UnitInput {
  return {
    id,
    filePath: `content/units/${id}.md`,
    data: {
      title: `${id} title`,
      label: id,
      description: 'A unit used by the tests of the course model.',
      order,
      teaches: ['x'],
    },
  };
}

function lesson(id: string, order: number, body = '', unitId = id.split('/')[0]): LessonInput {
  return {
    id,
    filePath: `content/lessons/${id}.mdx`,
    body,
    data: {
      title: `${id} title`,
      description: 'A lesson used by the tests of the course model.',
      unit: unitId,
      order,
      objectives: ['x'],
    },
  };
}

const quizData: QuizData = {
  title: 'Check',
  questions: [
    {
      id: 'q',
      kind: 'true-false',
      stem: 'Statement',
      options: [
        { id: 'true', text: 'True', correct: true, explanation: 'Because it is true.' },
        { id: 'false', text: 'False', correct: false, explanation: 'Because it is not false.' },
      ],
    },
  ],
};

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof CourseContentError) return error.problems;
    throw error;
  }
  throw new Error('expected a CourseContentError');
}

describe('buildCourse', () => {
  it('orders units and lessons and links previous/next across units', () => {
    const course = buildCourse({
      units: [unit('week-6', 2), unit('module-5', 1)],
      lessons: [lesson('module-5/b', 2), lesson('week-6/c', 1), lesson('module-5/a', 1)],
      quizzes: [],
      labIds: [],
    });
    expect(course.units.map((u) => u.id)).toEqual(['module-5', 'week-6']);
    expect(course.lessons.map((l) => l.id)).toEqual(['module-5/a', 'module-5/b', 'week-6/c']);
    const [a, b, c] = course.lessons;
    expect(a?.prev).toBeUndefined();
    expect(a?.next?.id).toBe('module-5/b');
    expect(b?.next?.id).toBe('week-6/c');
    expect(c?.prev?.id).toBe('module-5/b');
    expect(c?.next).toBeUndefined();
    expect(b?.path).toBe('module-5/b/');
  });

  it('records which lesson embeds each quiz and lab', () => {
    const course = buildCourse({
      units: [unit('module-5', 1)],
      lessons: [lesson('module-5/a', 1, 'Text\n<Quiz id="check" />\n<Lab id="device-check" />')],
      quizzes: [{ id: 'check', data: quizData }],
      labIds: ['device-check'],
    });
    expect(course.quizHome.get('check')?.id).toBe('module-5/a');
    expect(course.lessons[0]?.labIds).toEqual(['device-check']);
  });

  it('records which lesson embeds each exercise, and ignores one shown in code', () => {
    const course = buildCourse({
      units: [unit('module-5', 1)],
      lessons: [lesson('module-5/a', 1, 'Try it:\n<Exercise id="leak" />\n\n```mdx\n<Exercise id="not-real" />\n```\n')],
      quizzes: [],
      labIds: ['leak'],
      exerciseIds: ['leak'],
    });
    expect(course.exerciseHome.get('leak')?.id).toBe('module-5/a');
    expect(course.lessons[0]?.exerciseIds).toEqual(['leak']);
  });

  it('names the fix for an exercise that does not exist, and for one embedded twice', () => {
    expect(
      problemsOf(() =>
        buildCourse({
          units: [unit('module-5', 1)],
          lessons: [
            lesson('module-5/a', 1, '<Exercise id="leek" />'),
            lesson('module-5/b', 2, '<Exercise id="leak" />\n<Exercise id="leak" />'),
          ],
          quizzes: [],
          labIds: ['leak'],
          exerciseIds: ['leak'],
        }),
      ),
    ).toEqual([
      'content/lessons/module-5/a.mdx: <Exercise id="leek" /> refers to an exercise that does not exist. Create labs/leek/ with main.ts, check.ts, solution.ts and exercise.json, or use one of "leak".',
      'content/lessons/module-5/b.mdx: exercise "leak" is already embedded in content/lessons/module-5/b.mdx. An exercise may appear once in the course; remove one <Exercise id="leak" />.',
    ]);
  });

  it('names the file, the field and the fix when two lessons of a unit share an order', () => {
    expect(
      problemsOf(() =>
        buildCourse({
          units: [unit('module-5', 1)],
          lessons: [lesson('module-5/a', 1), lesson('module-5/b', 1)],
          quizzes: [],
          labIds: [],
        }),
      ),
    ).toEqual([
      'content/lessons/module-5/b.mdx: field "order" is 1, the same as content/lessons/module-5/a.mdx in unit "module-5". Give each lesson of a unit its own order number.',
    ]);
  });

  it('rejects a lesson whose unit does not exist, listing the units that do', () => {
    expect(
      problemsOf(() =>
        buildCourse({
          units: [unit('module-5', 1)],
          lessons: [lesson('module-5/a', 1), lesson('module-9/x', 1)],
          quizzes: [],
          labIds: [],
        }),
      ),
    ).toEqual([
      'content/lessons/module-9/x.mdx: field "unit" is "module-9", but no unit has that id. Use one of "module-5" (the files in content/units/).',
    ]);
  });

  it('rejects a lesson filed under another unit’s folder', () => {
    expect(
      problemsOf(() =>
        buildCourse({
          units: [unit('module-5', 1), unit('week-6', 2)],
          lessons: [lesson('module-5/a', 1), lesson('week-6/b', 1, '', 'module-5')],
          quizzes: [],
          labIds: [],
        }),
      )[0],
    ).toBe(
      'content/lessons/week-6/b.mdx: field "unit" is "module-5", but the file is in content/lessons/week-6. Move the file to content/lessons/module-5/ or change the field.',
    );
  });

  it('rejects references to quizzes and labs that do not exist', () => {
    const problems = problemsOf(() =>
      buildCourse({
        units: [unit('module-5', 1)],
        lessons: [lesson('module-5/a', 1, '<Quiz id="nope" />\n<Lab id="missing" />')],
        quizzes: [{ id: 'check', data: quizData }],
        labIds: ['cnn'],
      }),
    );
    expect(problems).toEqual([
      'content/lessons/module-5/a.mdx: <Quiz id="nope" /> refers to a quiz that does not exist. Create content/quizzes/nope.yaml or use one of "check".',
      'content/lessons/module-5/a.mdx: <Lab id="missing" /> refers to a lab that does not exist. Create labs/missing/main.ts or use one of "cnn".',
    ]);
  });

  it('rejects units sharing an order and units without lessons', () => {
    const problems = problemsOf(() =>
      buildCourse({
        units: [unit('module-5', 1), unit('week-6', 1)],
        lessons: [lesson('module-5/a', 1)],
        quizzes: [],
        labIds: [],
      }),
    );
    expect(problems).toContain(
      'content/units/week-6.md: field "order" is 1, the same as content/units/module-5.md. Give each unit its own order number.',
    );
    expect(problems).toContain(
      'content/units/week-6.md: unit "week-6" has no lessons. Add at least one MDX file to content/lessons/week-6/ with unit: week-6.',
    );
  });

  it('rejects a quiz embedded on two pages', () => {
    const problems = problemsOf(() =>
      buildCourse({
        units: [unit('module-5', 1)],
        lessons: [lesson('module-5/a', 1, '<Quiz id="check" />'), lesson('module-5/b', 2, '<Quiz id="check" />')],
        quizzes: [{ id: 'check', data: quizData }],
        labIds: [],
      }),
    );
    expect(problems).toEqual([
      'content/lessons/module-5/b.mdx: quiz "check" is already embedded in content/lessons/module-5/a.mdx. A quiz may appear on one page only; make a copy with its own id.',
    ]);
  });

  it('reports every problem at once, in one readable message', () => {
    try {
      buildCourse({
        units: [unit('module-5', 1)],
        lessons: [lesson('module-5/a', 1, '<Quiz id="x" />'), lesson('module-5/b', 1)],
        quizzes: [],
        labIds: [],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CourseContentError);
      expect((error as Error).message).toMatch(/^The course content has 2 problems:\n- content\/lessons\/module-5\/a\.mdx/);
    }
  });
});
