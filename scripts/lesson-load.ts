/**
 * Measures each lesson page of the built site in dist/: the words of its core prose, their mean sentence
 * length, and its minutes (src/lib/lesson-load.ts has the rules). Prints a table, then fails (exit 1),
 * naming the lesson and the limit, when a lesson's core path is too long, its sentences are too long on
 * average, or the minutes the page states are not the ones its content gives.
 * Usage: npm run check:lessons (after npm run build).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { coreBlocks, labMinutes, lessonMinutes, LOAD_LIMITS, loadProblems, measureProse } from '../src/lib/lesson-load.ts';
import { findAll, parseHtml, textOf, type HtmlElement } from '../src/lib/lesson-load-html.ts';

const lessonsDir = 'content/lessons';
const dist = 'dist';

function lessonPages(): { id: string; file: string }[] {
  return readdirSync(lessonsDir, { withFileTypes: true })
    .filter((unit) => unit.isDirectory())
    .flatMap((unit) =>
      readdirSync(path.join(lessonsDir, unit.name))
        .filter((name) => name.endsWith('.mdx'))
        .map((name) => {
          const id = `${unit.name}/${name.slice(0, -'.mdx'.length)}`;
          return { id, file: path.join(dist, id, 'index.html') };
        }),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
}

const codeLines = (id: string) => {
  const file = path.join('labs', id, 'main.ts');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').length : 0;
};

const hasClass = (name: string) => (element: HtmlElement) => element.classes.includes(name);

const problems: string[] = [];
const rows: string[][] = [];
for (const { id, file } of lessonPages()) {
  if (!existsSync(file)) {
    problems.push(`${id}: ${file} is missing. Run npm run build first.`);
    continue;
  }
  const page = parseHtml(readFileSync(file, 'utf8'));
  const prose = findAll(page, hasClass('prose'))[0];
  if (prose === undefined) {
    problems.push(`${id}: no <div class="prose"> in ${file}, so there is nothing to measure.`);
    continue;
  }
  const measure = measureProse(coreBlocks(prose.children));
  const exerciseLabs = findAll(prose, (element) => element.name === 'course-exercise').map(
    (element) => element.attributes['data-exercise-id'] ?? '',
  );
  const labs = findAll(prose, (element) => element.name === 'course-lab')
    .map((element) => element.attributes['data-lab-id'] ?? '')
    .filter((labId) => !exerciseLabs.includes(labId));
  const minutes = lessonMinutes({
    coreWords: measure.words,
    labs: labs.map((labId) => labMinutes(labId, codeLines(labId))),
    exercises: exerciseLabs.map((labId) => labMinutes(labId, codeLines(labId))),
    quizzes: findAll(prose, (element) => element.name === 'course-quiz').length,
  });
  const meta = findAll(page, (element) => 'data-lesson-minutes' in element.attributes)[0];
  const stated = Number(meta?.attributes['data-lesson-minutes']);
  problems.push(...loadProblems(id, measure));
  if (!Number.isFinite(stated)) {
    problems.push(`${id}: the page states no minutes (data-lesson-minutes on .lesson-meta): "${meta ? textOf(meta) : ''}".`);
  } else if (Math.abs(stated - minutes) > 1) {
    problems.push(
      `${id}: the page states ${stated} min, the built page measures ${minutes} min. src/lib/lesson-load-mdx.ts and the page disagree on what is core prose.`,
    );
  }
  rows.push([
    id,
    measure.words.toLocaleString('en'),
    measure.meanSentence.toFixed(1),
    String(minutes),
    Number.isFinite(stated) ? String(stated) : '–',
  ]);
}

const header = ['lesson', 'core words', 'words/sentence', 'minutes', 'stated'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
const line = (cells: string[]) =>
  cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
process.stdout.write(`${line(header)}\n${rows.map(line).join('\n')}\n`);
process.stdout.write(
  `Limits: ${LOAD_LIMITS.words.toLocaleString('en')} core words, ${LOAD_LIMITS.meanSentence} words a sentence on average.\n`,
);
for (const problem of problems) process.stderr.write(`${problem}\n`);
process.stdout.write(problems.length === 0 ? `${rows.length} lessons within the limits.\n` : `${problems.length} problem(s).\n`);
process.exit(problems.length === 0 ? 0 : 1);
