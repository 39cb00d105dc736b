import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Builds small copies of the site with one content mistake each and checks that `astro build` fails
 * with a message naming the file, the field and what to do. These are the messages an author sees.
 */
const run = promisify(execFile);
const root = process.cwd();
const fixtures: string[] = [];

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

function makeSite(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'course-fixture-'));
  fixtures.push(dir);
  // scripts/pytorch: the companion notebook's Python, which the site builds into a download. labs/: the
  // site's code imports lab files (the CNN results format, the list of software renderers, the data chunks).
  for (const item of ['astro.config.mjs', 'tsconfig.json', 'src', 'public', 'scripts/pytorch', 'labs'])
    cpSync(path.join(root, item), path.join(dir, item), { recursive: true });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  cpSync(path.join(root, 'content/units'), path.join(dir, 'content/units'), { recursive: true });
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

describe('content mistakes fail the build with a clear message', { timeout: 120_000 }, () => {
  it('a frontmatter value of the wrong type names the file and the field', async () => {
    const dir = makeSite({ 'content/lessons/module-5/a.mdx': goodLesson('module-5', 1).replace('order: 1', 'order: first') });
    const { ok, output } = await buildOutput(dir);
    expect(ok).toBe(false);
    expect(output).toMatch(/module-5\/a\.mdx/);
    expect(output).toMatch(/order/);
  });

  it('a quiz option without an explanation names the quiz file, the question, the option and the fix', async () => {
    const dir = makeSite({
      'content/quizzes/check.yaml': `title: Check\nquestions:\n  - id: q1\n    kind: true-false\n    stem: GPUs have more cores than CPUs.\n    options:\n      - { id: "true", text: "True", correct: true, explanation: "Thousands of simple cores." }\n      - { id: "false", text: "False" }\n`,
    });
    const { ok, output } = await buildOutput(dir);
    expect(ok).toBe(false);
    expect(output).toMatch(/content\/quizzes\/check\.yaml/);
    expect(output).toContain('questions.0.options.1.explanation');
    expect(output).toContain(
      'question "q1": option "false" has no explanation. Add an explanation: field saying why this option is wrong',
    );
  });

  /** A choice question whose first option, the right one, is `right`; the others are `wrong`. */
  const choice = (id: string, right: string, wrong: string[]) =>
    `  - id: ${id}\n    kind: choice\n    stem: Why is the GPU faster?\n    options:\n` +
    [right, ...wrong]
      .map(
        (text, index) =>
          `      - { id: "${'abcd'[index]}", text: "${text}",${index === 0 ? ' correct: true,' : ''} explanation: "Why this option is ${index === 0 ? 'right' : 'wrong'}." }\n`,
      )
      .join('');

  it('a quiz whose right answers are mostly the longest fails, naming the file, the questions and the fix', async () => {
    const right = 'Thousands of cores run the same multiply-adds in parallel';
    const dir = makeSite({
      'content/quizzes/biased.yaml': `title: Biased\nquestions:\n${choice('q1', right, ['Clock speed', 'More memory'])}${choice('q2', right, ['Magic', 'Luck'])}${choice('q3', right, ['Fans', 'Drivers'])}`,
    });
    const { ok, output } = await buildOutput(dir);
    expect(ok).toBe(false);
    expect(output).toMatch(/content\/quizzes\/biased\.yaml/);
    expect(output).toContain(
      'the correct option is the longest in 3 of 3 choice and scenario questions ("q1", "q2", "q3"); at most 1 may be (a third), or a learner can score by picking the longest answer. In 2 of these questions, tighten the right answer or make a wrong one as specific as it',
    );
  });

  it('two options with the same text fail, naming the question and both options', async () => {
    const dir = makeSite({
      'content/quizzes/twins.yaml': `title: Twins\nquestions:\n${choice('q1', 'Parallel cores', ['Higher clock speed', 'higher clock  speed'])}`,
    });
    const { ok, output } = await buildOutput(dir);
    expect(ok).toBe(false);
    expect(output).toMatch(/content\/quizzes\/twins\.yaml/);
    expect(output).toContain(
      'question "q1": options "b" and "c" have the same text ("higher clock speed"). Make each option a different answer',
    );
  });

  it('a fair quiz, embedded in a lesson, builds', async () => {
    const dir = makeSite({
      'content/quizzes/fair.yaml': `title: Fair\nquestions:\n${choice('q1', 'Parallel cores', ['A higher clock speed on every core', 'More memory'])}`,
      'content/lessons/module-5/a.mdx': goodLesson('module-5', 1, '\n<Quiz id="fair" />\n'),
    });
    const { ok, output } = await buildOutput(dir);
    expect(output).not.toContain('does not match collection schema');
    expect(ok).toBe(true);
  });

  it('a broken cross-reference names the lesson and the missing quiz', async () => {
    const dir = makeSite({ 'content/lessons/module-5/a.mdx': goodLesson('module-5', 1, '\n<Quiz id="no-such-quiz" />\n') });
    const { ok, output } = await buildOutput(dir);
    expect(ok).toBe(false);
    expect(output).toContain(
      'content/lessons/module-5/a.mdx: <Quiz id="no-such-quiz" /> refers to a quiz that does not exist. Create content/quizzes/no-such-quiz.yaml',
    );
  });

  it('a lesson that shows <Lab> and <Quiz> in code, to teach the syntax, embeds neither and builds', async () => {
    const dir = makeSite({
      'content/lessons/module-5/a.mdx': goodLesson(
        'module-5',
        1,
        '\nEmbed a lab with `<Lab id="your-lab" />`, for example:\n\n```mdx\n<Lab id="no-such-lab" />\n<Quiz id="no-such-quiz" />\n```\n',
      ),
    });
    const { ok, output } = await buildOutput(dir);
    expect(output).not.toContain('refers to a');
    expect(ok).toBe(true);
  });

  it('a quiz YAML syntax error names the file and line and says what to fix', async () => {
    const dir = makeSite({
      'content/quizzes/check.yaml': `title: Check\nquestions:\n  - id: q1\n    kind: true-false\n    stem: GPUs: they have more cores than CPUs.\n    options:\n      - { id: "true", text: "True", correct: true, explanation: "Yes." }\n      - { id: "false", text: "False", explanation: "No." }\n`,
    });
    const { ok, output } = await buildOutput(dir);
    expect(ok).toBe(false);
    expect(output).toContain('content/quizzes/check.yaml, line 5: bad indentation of a mapping entry.');
    expect(output).toContain('Quote text that contains a colon: stem: "GPUs: they have more cores than CPUs."');
  });

  it('two lessons with the same order in a unit name both files', async () => {
    const dir = makeSite({ 'content/lessons/module-5/b.mdx': goodLesson('module-5', 1) });
    const { ok, output } = await buildOutput(dir);
    expect(ok).toBe(false);
    expect(output).toMatch(
      /content\/lessons\/module-5\/(a|b)\.mdx: field "order" is 1, the same as content\/lessons\/module-5\/(a|b)\.mdx/,
    );
  });
});
