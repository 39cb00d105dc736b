import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { findBorrowedRuns, fingerprintsOf, parseFingerprintFile } from './own-words.ts';
import { lessonSchema } from '../../src/schemas/lesson.ts';

/**
 * "Our own words" for the lessons: no lesson's prose shares a run of 8 or more consecutive words with the
 * user's source notes. The notes stay outside the repository (CI has no ../shared), so the check reads
 * their fingerprints from tests/fixtures/seed-8gram-hashes.json (made by scripts/seed-fingerprints.ts);
 * tests/unit/own-words.ts does the matching.
 *
 * What is checked: the frontmatter's description and objectives, and the body's prose, including
 * headings, tables and the titles of callouts. What may carry over, and so is left out: code (fenced
 * blocks and `inline code`), MDX import lines, component tags, lesson titles (a link may name another
 * lesson), and quotations: a Markdown blockquote introduced by a line that says whose words they are and
 * ends with a colon ("The notes say:"), used where a lesson quotes a claim in order to correct it.
 */

const lessonsDir = 'content/lessons';
const fingerprintPath = 'tests/fixtures/seed-8gram-hashes.json';
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface Lesson {
  file: string;
  title: string;
  /** The description and objectives, one text each. */
  frontmatter: string[];
  body: string;
}

function lessonFiles(dir = lessonsDir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? lessonFiles(path.join(dir, entry.name))
        : entry.name.endsWith('.mdx')
          ? [path.join(dir, entry.name)]
          : [],
    )
    .sort();
}

function readLesson(file: string): Lesson {
  const source = readFileSync(file, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(source);
  if (!match) throw new Error(`${file}: no frontmatter`);
  const parsed = lessonSchema.safeParse(yaml.load(match[1] ?? ''));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  const data = parsed.data;
  return { file, title: data.title, frontmatter: [data.description, ...data.objectives], body: source.slice(match[0].length) };
}

/** A line that introduces a quotation: it says whose words follow, and ends with a colon. */
const INTRODUCES_QUOTE =
  /\b(say|says|said|write|writes|wrote|read|reads|claim|claims|put it|puts it|quote|quoted|print|prints)\b[^\n]*:\s*$/i;

/** Blockquotes whose introduction is missing: each `> …` block must follow a line like "The notes say:". */
function unintroducedQuotes(body: string): string[] {
  const lines = body.split('\n');
  const problems: string[] = [];
  lines.forEach((line, index) => {
    if (!line.startsWith('>') || lines[index - 1]?.startsWith('>')) return;
    const before =
      lines
        .slice(0, index)
        .reverse()
        .find((candidate) => candidate.trim() !== '') ?? '';
    if (!INTRODUCES_QUOTE.test(before)) problems.push(`line ${index + 1}: "${line.slice(0, 60)}"`);
  });
  return problems;
}

/**
 * The body's prose, with everything that may carry over cut out. Each cut becomes a code span, which
 * tests/unit/own-words.ts treats as a break: a run of words never bridges it.
 */
function lessonProse(body: string, titles: readonly string[]): string {
  const cut = ' `cut` ';
  let prose = body
    .replace(/^import .*$/gm, cut)
    .replace(/^>.*$/gm, cut)
    // A component tag is a break; a callout's title attribute is prose, so it stays.
    .replace(/<\/?[A-Za-z][^>]*>/g, (tag) => `${cut}${/\btitle=(["'])(.*?)\1/.exec(tag)?.[2] ?? ''}${cut}`);
  for (const title of titles) {
    prose = prose.replace(new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), cut);
  }
  return prose;
}

const lessons = lessonFiles().map(readLesson);
const titles = lessons.map((lesson) => lesson.title);

describe('the lesson prose filter', () => {
  const fingerprints = new Set(fingerprintsOf(['one two three four five six seven eight nine ten']));

  it('finds a borrowed run in prose, headings and callout titles', () => {
    expect(findBorrowedRuns(lessonProse('Intro: one two three four five six seven eight.', []), fingerprints)).toHaveLength(1);
    expect(findBorrowedRuns(lessonProse('## One two three four five six seven eight', []), fingerprints)).toHaveLength(1);
    expect(
      findBorrowedRuns(lessonProse('<Note title="one two three four five six seven eight">x</Note>', []), fingerprints),
    ).toHaveLength(1);
  });

  it('leaves out code, quotations, tags and lesson titles', () => {
    const cases = [
      '```text\none two three four five six seven eight\n```',
      'Run `one two three four five six seven eight` now.',
      'The notes say:\n\n> one two three four five six seven eight',
      'One two three four <Lab id="x" /> five six seven eight',
      'See [One Two Three Four Five Six Seven Eight](../x/).',
    ];
    for (const text of cases) {
      expect(findBorrowedRuns(lessonProse(text, ['one two three four five six seven eight']), fingerprints), text).toEqual([]);
    }
  });

  it('accepts a blockquote only after a line that introduces it as a quotation', () => {
    expect(unintroducedQuotes('The notes say:\n\n> a claim\n> more of it')).toEqual([]);
    expect(unintroducedQuotes('A paragraph.\n\n> a claim')).toEqual(['line 3: "> a claim"']);
  });
});

describe('lessons are in our own words', () => {
  it('share no run of eight words with the source notes', () => {
    const prints = parseFingerprintFile(JSON.parse(readFileSync(fingerprintPath, 'utf8')));
    const borrowed = lessons.flatMap((lesson) => {
      const texts = [...lesson.frontmatter, lessonProse(lesson.body, titles)];
      return texts.flatMap((text) =>
        findBorrowedRuns(text, prints).map((run) => `${lesson.file}: "${run.text.replace(/\s+/g, ' ')}"`),
      );
    });
    expect(borrowed, 'rewrite these in your own words, or quote them as a claim the lesson corrects').toEqual([]);
  });

  it('introduce every quotation as one', () => {
    const problems = lessons.flatMap((lesson) => unintroducedQuotes(lesson.body).map((problem) => `${lesson.file} ${problem}`));
    expect(problems, 'put a line such as "The notes say:" before each blockquote').toEqual([]);
  });
});
