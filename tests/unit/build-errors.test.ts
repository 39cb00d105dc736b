import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCourse, CourseContentError, type LessonInput, type UnitInput } from '../../src/lib/course-model.ts';
import { lessonSchema } from '../../src/schemas/lesson.ts';
import { quizSchema } from '../../src/schemas/quiz.ts';

/**
 * The messages an author sees when content is wrong: each names the file, the field and what to do.
 *
 * The rules themselves and their wording are checked without building, by the code the build runs
 * (the content schemas, buildCourse, the YAML hints; see also course-model, quiz-schema, quiz-fairness and
 * yaml-syntax-hint tests). Real `astro build`s of a small copy of the site prove that these messages reach
 * the author through Astro, once per way they can fail a build: a schema error and a YAML syntax error while
 * Astro loads the content (these builds stop there, after a few seconds of CPU), and cross-entry errors from
 * buildCourse while Astro renders the pages (the one build that bundles the site's scripts first).
 */
const run = promisify(execFile);
const root = process.cwd();
const fixtures: string[] = [];

// js-yaml is what Astro parses content YAML with.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const goodLesson = (unit: string, order: number, extra = '') => `---
title: Lesson ${order}
description: A lesson that exists only to exercise the content checks.
unit: ${unit}
order: ${order}
objectives: [Read an error message]
---

## Section

Text.
${extra}
`;

/** A choice question whose first option, the right one, is `right`; the others are `wrong`. */
const choice = (id: string, right: string, wrong: string[]) =>
  `  - id: ${id}\n    kind: choice\n    stem: Why is the GPU faster?\n    options:\n` +
  [right, ...wrong]
    .map(
      (text, index) =>
        `      - { id: "${'abcd'[index]}", text: "${text}",${index === 0 ? ' correct: true,' : ''} explanation: "Why this option is ${index === 0 ? 'right' : 'wrong'}." }\n`,
    )
    .join('');

const unexplainedQuiz = `title: Check\nquestions:\n  - id: q1\n    kind: true-false\n    stem: GPUs have more cores than CPUs.\n    options:\n      - { id: "true", text: "True", correct: true, explanation: "Thousands of simple cores." }\n      - { id: "false", text: "False" }\n`;

/** A copy of the site with only the given content (and three plain lessons, one per unit). */
function makeSite(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-fixture-'));
  fixtures.push(dir);
  // scripts/pytorch: the companion notebook's Python, which the site builds into a download. labs/: the
  // site's code imports lab files (the CNN results format, the list of software renderers, the data chunks).
  for (const item of [
    'tsconfig.json',
    'src',
    'scripts/pytorch',
    'labs',
    'content/units',
    'content/glossary.yaml',
    'public/_headers',
    'public/favicon.svg',
  ])
    cpSync(path.join(root, item), path.join(dir, item), { recursive: true });
  // The site's own config, with a cache of its own: builds that run side by side (and the real site's build)
  // must not share Astro's content cache in node_modules/.astro.
  cpSync(path.join(root, 'astro.config.mjs'), path.join(dir, 'site.config.mjs'));
  writeFileSync(
    path.join(dir, 'astro.config.mjs'),
    "import config from './site.config.mjs';\nexport default { ...config, cacheDir: './.astro-cache' };\n",
  );
  // Linked, not copied: the CIFAR-10 chunks (55 MB) and the installed packages.
  symlinkSync(path.join(root, 'public/data'), path.join(dir, 'public/data'));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const base: Record<string, string> = {
    'content/lessons/module-5/a.mdx': goodLesson('module-5', 1),
    'content/lessons/week-6/a.mdx': goodLesson('week-6', 1),
    'content/lessons/project/a.mdx': goodLesson('project', 1),
  };
  for (const [file, text] of Object.entries({ ...base, ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

async function buildOutput(dir: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(path.join(root, 'node_modules/.bin/astro'), ['build'], {
      cwd: dir,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string };
    return { ok: false, output: failed.stdout + failed.stderr };
  }
}

afterAll(() => {
  for (const dir of fixtures) rmSync(dir, { recursive: true, force: true });
});

// The builds run side by side: two of them stop early and spend most of their time starting Astro.
describe.concurrent('content mistakes fail the build with a clear message', { timeout: 300_000 }, () => {
  it('a schema error while Astro loads the content names the file, the field and the fix', async ({ expect }) => {
    const { ok, output } = await buildOutput(makeSite({ 'content/quizzes/check.yaml': unexplainedQuiz }));
    expect(ok).toBe(false);
    expect(output).toMatch(/content\/quizzes\/check\.yaml/);
    expect(output).toContain('questions.0.options.1.explanation');
    expect(output).toContain(
      'question "q1": option "false" has no explanation. Add an explanation: field saying why this option is wrong',
    );
  });

  it('a YAML syntax error names the file and the line and says what to fix', async ({ expect }) => {
    const { ok, output } = await buildOutput(
      makeSite({
        'content/quizzes/check.yaml': `title: Check\nquestions:\n  - id: q1\n    kind: true-false\n    stem: GPUs: they have more cores than CPUs.\n    options:\n      - { id: "true", text: "True", correct: true, explanation: "Yes." }\n      - { id: "false", text: "False", explanation: "No." }\n`,
      }),
    );
    expect(ok).toBe(false);
    expect(output).toContain('content/quizzes/check.yaml, line 5: bad indentation of a mapping entry.');
    expect(output).toContain('Quote text that contains a colon: stem: "GPUs: they have more cores than CPUs."');
  });

  it('cross-entry errors while Astro renders the pages name every lesson and the fix; <Lab> and <Quiz> in code are not references', async ({
    expect,
  }) => {
    const { ok, output } = await buildOutput(
      makeSite({
        'content/lessons/module-5/a.mdx': goodLesson('module-5', 1, '\n<Quiz id="no-such-quiz" />\n'),
        'content/lessons/module-5/b.mdx': goodLesson(
          'module-5',
          1,
          '\nEmbed a lab with `<Lab id="your-lab" />`, for example:\n\n```mdx\n<Lab id="no-such-lab" />\n<Quiz id="in-code" />\n```\n',
        ),
      }),
    );
    expect(ok).toBe(false);
    expect(output).toContain(
      'content/lessons/module-5/a.mdx: <Quiz id="no-such-quiz" /> refers to a quiz that does not exist. Create content/quizzes/no-such-quiz.yaml',
    );
    expect(output).toMatch(
      /content\/lessons\/module-5\/(a|b)\.mdx: field "order" is 1, the same as content\/lessons\/module-5\/(a|b)\.mdx/,
    );
    // buildCourse reports every problem at once, so a reference taken from the code block would be listed too.
    expect(output).not.toContain('no-such-lab');
    expect(output).not.toContain('"in-code"');
  });
});

/** The schema's issues for a quiz written as YAML, as Astro parses and validates it. */
function quizIssues(source: string): { path: string; message: string }[] {
  const result = quizSchema.safeParse(yaml.load(source));
  return result.error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) ?? [];
}

const unit = (id: string, order: number): UnitInput => ({
  id,
  filePath: `content/units/${id}.md`,
  data: { title: id, label: id, description: 'A unit of the fixture course.', order, teaches: ['x'] },
});

/** What buildCourse says about one module-5 lesson `a.mdx` with `extra` in its body, next to the quizzes given. */
function courseProblems(extra: string, quizzes: { id: string; source: string }[] = []): string[] {
  const text = goodLesson('module-5', 1, extra);
  const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
  const lesson: LessonInput = {
    id: 'module-5/a',
    filePath: 'content/lessons/module-5/a.mdx',
    body,
    data: lessonSchema.parse(yaml.load(frontmatter)),
  };
  try {
    buildCourse({
      units: [unit('module-5', 1)],
      lessons: [lesson],
      quizzes: quizzes.map(({ id, source }) => ({ id, data: quizSchema.parse(yaml.load(source)) })),
      labIds: [],
    });
    return [];
  } catch (error) {
    if (error instanceof CourseContentError) return error.problems;
    throw error;
  }
}

describe('the same mistakes, checked without a build by the code the build runs', () => {
  it('a frontmatter value of the wrong type names the field', () => {
    const frontmatter = /^---\n([\s\S]*?)\n---/.exec(goodLesson('module-5', 1).replace('order: 1', 'order: first'))?.[1] ?? '';
    const result = lessonSchema.safeParse(yaml.load(frontmatter));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['order']);
  });

  it('a quiz option without an explanation names the question, the option and the fix', () => {
    expect(quizIssues(unexplainedQuiz)).toEqual([
      {
        path: 'questions.0.options.1.explanation',
        message:
          'question "q1": option "false" has no explanation. Add an explanation: field saying why this option is wrong; learners read it after they answer.',
      },
    ]);
  });

  it('a quiz whose right answers are mostly the longest names the questions and the fix', () => {
    const right = 'Thousands of cores run the same multiply-adds in parallel';
    const source = `title: Biased\nquestions:\n${choice('q1', right, ['Clock speed', 'More memory'])}${choice('q2', right, ['Magic', 'Luck'])}${choice('q3', right, ['Fans', 'Drivers'])}`;
    expect(quizIssues(source).map((issue) => issue.message)).toContainEqual(
      expect.stringContaining(
        'the correct option is the longest in 3 of 3 choice and scenario questions ("q1", "q2", "q3"); at most 1 may be (a third), or a learner can score by picking the longest answer. In 2 of these questions, tighten the right answer or make a wrong one as specific as it',
      ),
    );
  });

  it('two options with the same text name the question and both options', () => {
    const source = `title: Twins\nquestions:\n${choice('q1', 'Parallel cores', ['Higher clock speed', 'higher clock  speed'])}`;
    expect(quizIssues(source).map((issue) => issue.message)).toContainEqual(
      expect.stringContaining(
        'question "q1": options "b" and "c" have the same text ("higher clock speed"). Make each option a different answer',
      ),
    );
  });

  it('a fair quiz, embedded in a lesson, passes the schema and the course rules', () => {
    const source = `title: Fair\nquestions:\n${choice('q1', 'Parallel cores', ['A higher clock speed on every core', 'More memory'])}`;
    expect(quizIssues(source)).toEqual([]);
    expect(courseProblems('\n<Quiz id="fair" />\n', [{ id: 'fair', source }])).toEqual([]);
  });

  it('a broken cross-reference names the lesson and the missing quiz', () => {
    expect(courseProblems('\n<Quiz id="no-such-quiz" />\n')).toEqual([
      expect.stringContaining(
        'content/lessons/module-5/a.mdx: <Quiz id="no-such-quiz" /> refers to a quiz that does not exist. Create content/quizzes/no-such-quiz.yaml',
      ),
    ]);
  });

  it('a lesson that shows <Lab> and <Quiz> in code, to teach the syntax, embeds neither', () => {
    expect(
      courseProblems(
        '\nEmbed a lab with `<Lab id="your-lab" />`, for example:\n\n```mdx\n<Lab id="no-such-lab" />\n<Quiz id="no-such-quiz" />\n```\n',
      ),
    ).toEqual([]);
  });
});
