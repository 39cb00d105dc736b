/**
 * How much a lesson asks of a learner: its core prose (words, mean sentence length) and the minutes it
 * takes. One set of rules serves the build (src/integrations/lesson-minutes.ts reads the MDX tree and puts
 * the minutes on the page) and the check (scripts/lesson-load.ts reads the built HTML in dist/).
 *
 * Core prose is the lesson's text outside `<details>` (Going further, hints), labs, exercises, quizzes,
 * code (blocks and inline), tables, figures and anything marked `hidden`. Headings count as words but are
 * not sentences. A sentence ends at `.`, `!`, `?` or `…` before a space, and at the end of a block
 * (paragraph, list item, heading); "e.g.", "i.e.", "vs." and "cf." do not end one.
 */

/** The core path of a lesson page: at most this many words, and sentences this long on average. */
export const LOAD_LIMITS = { words: 2_500, meanSentence: 20 } as const;

/** Reading speed for the core prose, in words per minute. */
export const WORDS_PER_MINUTE = 200;

/** Minutes a quiz takes, whatever its length: reading the questions, answering, reading the feedback. */
export const QUIZ_MINUTES = 5;

/** Minutes an exercise takes beyond reading and running its program: working out the change, a retry. */
export const EXERCISE_WORK_MINUTES = 5;

/** Lines of lab code a learner reads in a minute. */
export const CODE_LINES_PER_MINUTE = 30;

/** How long a lab's program runs with its default settings, in seconds; labs not listed take about 20 s. */
export const LAB_RUN_SECONDS: Readonly<Record<string, number>> = {
  cnn: 120,
  'device-check': 60,
  'mixed-precision': 60,
  transformer: 120,
};
const DEFAULT_RUN_SECONDS = 20;

/** A lab's minutes: its default run plus reading its program (`codeLines` lines of main.ts). */
export function labMinutes(id: string, codeLines: number): number {
  const seconds = LAB_RUN_SECONDS[id] ?? DEFAULT_RUN_SECONDS;
  return Math.ceil(seconds / 60 + codeLines / CODE_LINES_PER_MINUTE);
}

/** What a lesson page holds, for its minutes. */
export interface LessonParts {
  coreWords: number;
  /** Each lab's minutes (see labMinutes). */
  labs: number[];
  /** Each exercise's lab minutes (see labMinutes); the work on it is added here. */
  exercises: number[];
  quizzes: number;
}

/** The minutes a lesson states: its core prose at reading speed, plus its labs, exercises and quizzes. */
export function lessonMinutes(parts: LessonParts): number {
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return (
    Math.ceil(parts.coreWords / WORDS_PER_MINUTE) +
    sum(parts.labs) +
    sum(parts.exercises) +
    parts.exercises.length * EXERCISE_WORK_MINUTES +
    parts.quizzes * QUIZ_MINUTES
  );
}

/**
 * A page as a small tree, whether it came from HTML or from the MDX syntax tree: an element's `name` is
 * its tag (lower case) or, for an MDX component, the component's name.
 */
export type LoadNode = LoadText | LoadElement;
export interface LoadText {
  type: 'text';
  value: string;
}
export interface LoadElement {
  type: 'element';
  name: string;
  classes: string[];
  hidden: boolean;
  children: LoadNode[];
}

/** Elements whose text is not core prose. */
const SKIPPED_TAGS = new Set([
  'details',
  'pre',
  'code',
  'kbd',
  'samp',
  'table',
  'figure',
  'svg',
  'math',
  'script',
  'style',
  'template',
  'noscript',
  'dialog',
  'course-lab',
  'course-exercise',
  'course-quiz',
  // A prediction prompt is a form the learner fills in, like a quiz, not text to read.
  'course-prediction',
]);
/** MDX components that render the skipped elements above. */
const SKIPPED_COMPONENTS = new Set(['GoingFurther', 'Lab', 'Exercise', 'Quiz', 'Prediction']);
/**
 * Labels rendered by components around the prose (a callout's title, a tab's name), and a glossary term's
 * tooltip (the build adds its one-line definition beside the term's first use; it is read on hover only).
 */
const SKIPPED_CLASSES = new Set(['note-title', 'tab-panel-label', 'term-tip']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Elements that start and end a block of text; a sentence never runs across their edges. */
const BLOCKS = new Set([
  ...HEADINGS,
  'p',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'div',
  'section',
  'aside',
  'article',
  'header',
  'footer',
  'br',
  'hr',
]);

/** A run of core text between block edges; headings are kept apart because they are not sentences. */
export interface TextBlock {
  text: string;
  heading: boolean;
}

function isSkipped(node: LoadElement): boolean {
  return (
    node.hidden ||
    SKIPPED_TAGS.has(node.name) ||
    SKIPPED_COMPONENTS.has(node.name) ||
    node.classes.some((name) => SKIPPED_CLASSES.has(name))
  );
}

/** The core text of a tree, block by block. `componentText` gives the text a component renders itself. */
export function coreBlocks(nodes: readonly LoadNode[], componentText: Readonly<Record<string, string>> = {}): TextBlock[] {
  const blocks: TextBlock[] = [];
  let buffer = '';
  const flush = (heading: boolean) => {
    const text = buffer.replace(/\s+/g, ' ').trim();
    if (text !== '') blocks.push({ text, heading });
    buffer = '';
  };
  const walk = (node: LoadNode, inHeading: boolean) => {
    if (node.type === 'text') {
      buffer += node.value;
      return;
    }
    if (isSkipped(node)) {
      // Inline code in a sentence leaves a gap, not a sentence break.
      buffer += ' ';
      return;
    }
    const ownText = componentText[node.name];
    const heading = inHeading || HEADINGS.has(node.name);
    const block = BLOCKS.has(node.name) || ownText !== undefined;
    if (block) flush(inHeading);
    if (ownText !== undefined) {
      buffer = ownText;
      flush(false);
    }
    for (const child of node.children) walk(child, heading);
    if (block) flush(heading);
  };
  for (const node of nodes) walk(node, false);
  flush(false);
  return blocks;
}

/** Words: whitespace-separated runs that hold at least one letter or digit. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

const NOT_AN_END = /\b(?:e\.g|i\.e|vs|cf)\.$/i;

/** The sentences of one block of prose. */
export function sentences(text: string): string[] {
  const pieces = text.split(/(?<=[.!?…]["'”’)\]]*)\s+/);
  const result: string[] = [];
  let current = '';
  for (const piece of pieces) {
    current = current === '' ? piece : `${current} ${piece}`;
    if (!NOT_AN_END.test(piece)) {
      result.push(current);
      current = '';
    }
  }
  if (current !== '') result.push(current);
  return result.filter((sentence) => countWords(sentence) > 0);
}

/** A lesson's core prose, measured. */
export interface ProseMeasure {
  words: number;
  sentences: number;
  /** Words per sentence, over the sentences (headings left out). */
  meanSentence: number;
}

export function measureProse(blocks: readonly TextBlock[]): ProseMeasure {
  let words = 0;
  let sentenceWords = 0;
  let sentenceCount = 0;
  for (const block of blocks) {
    words += countWords(block.text);
    if (block.heading) continue;
    for (const sentence of sentences(block.text)) {
      sentenceWords += countWords(sentence);
      sentenceCount += 1;
    }
  }
  return { words, sentences: sentenceCount, meanSentence: sentenceCount === 0 ? 0 : sentenceWords / sentenceCount };
}

/** What is over the limits, in words a maintainer can act on; empty when the lesson is within them. */
export function loadProblems(lesson: string, measure: ProseMeasure): string[] {
  const problems: string[] = [];
  if (measure.words > LOAD_LIMITS.words) {
    problems.push(
      `${lesson}: ${measure.words.toLocaleString('en')} words of core prose, over the limit of ${LOAD_LIMITS.words.toLocaleString('en')}. Move depth into a <GoingFurther> section.`,
    );
  }
  if (measure.meanSentence > LOAD_LIMITS.meanSentence) {
    problems.push(
      `${lesson}: sentences average ${measure.meanSentence.toFixed(1)} words, over the limit of ${LOAD_LIMITS.meanSentence}. Split long sentences.`,
    );
  }
  return problems;
}
