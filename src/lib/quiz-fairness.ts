/**
 * Content rules that keep a quiz from giving its answers away. A learner who has not read the lesson
 * should do no better than chance, so:
 *
 * - the right option must not routinely be the longest one (writers tend to qualify the right answer
 *   and leave the distractors short): in at most a third of a quiz's choice and scenario questions;
 * - the right option must not routinely be the only one free of absolute words ("only", "always",
 *   "never", …): writers hedge the right answer and overstate the wrong ones, and a learner who knows
 *   that scores without reading. At most a third of the choice and scenario questions may do it;
 * - absolute statements are not always false: among a quiz's true/false statements with an absolute word,
 *   at least a third are true;
 * - no two options of a question may say the same thing;
 * - every option explains why it is right or wrong.
 *
 * Pure functions over the shape the quiz schema parses; src/schemas/quiz.ts turns each problem into a
 * schema issue, so `astro build` fails with the message and the file. Tests pin the messages.
 */
import { questionKinds, type QuestionKind } from '../quiz/kinds/index.ts';

/** The parts of a quiz these rules read. */
export interface FairnessOption {
  id: string;
  text: string;
  correct: boolean;
  explanation: string;
}

export interface FairnessQuestion {
  id: string;
  kind: QuestionKind;
  /** The question or, for true/false, the statement to judge. */
  stem?: string;
  options: readonly FairnessOption[];
}

export interface FairnessQuiz {
  questions: readonly FairnessQuestion[];
}

/** One broken rule: where it is (a path into the quiz, as schema issues use) and what to do about it. */
export interface FairnessProblem {
  path: (string | number)[];
  message: string;
}

/** Shorter than this, an "explanation" cannot say why ("No.", "Wrong."). */
export const MIN_EXPLANATION_LENGTH = 10;

/** Text as the learner sees it: backticks become code formatting, runs of white space one space. */
export function shownText(text: string): string {
  return text.replace(/`/g, '').replace(/\s+/g, ' ').trim();
}

/** Same text for a reader: case, spacing and code marks do not make two options different. */
function sameTextKey(text: string): string {
  return shownText(text).toLowerCase();
}

/** Whether the question's kind offers written-out options (true/false questions have nothing to lengthen). */
export function isWrittenChoice(question: FairnessQuestion): boolean {
  return questionKinds[question.kind].writtenChoice;
}

/** Whether the correct option is at least as long as every other option (a tie counts: it still stands out). */
export function correctIsLongest(question: FairnessQuestion): boolean {
  const correct = question.options.find((option) => option.correct);
  if (!correct) return false;
  const length = shownText(correct.text).length;
  return question.options.every((option) => option === correct || shownText(option.text).length <= length);
}

/** How many of a quiz's choice and scenario questions may have the longest option as the right one. */
export function allowedLongestCorrect(writtenChoiceQuestions: number): number {
  return Math.floor(writtenChoiceQuestions / 3);
}

/** Problems inside one question: duplicated option texts, missing or empty explanations. */
export function questionFairnessProblems(question: FairnessQuestion): FairnessProblem[] {
  const problems: FairnessProblem[] = [];
  const seen = new Map<string, FairnessOption>();
  question.options.forEach((option, index) => {
    const key = sameTextKey(option.text);
    const first = seen.get(key);
    if (first) {
      problems.push({
        path: ['options', index, 'text'],
        message: `question "${question.id}": options "${first.id}" and "${option.id}" have the same text ("${shownText(option.text)}"). Make each option a different answer; a learner cannot choose between two identical ones.`,
      });
    } else {
      seen.set(key, option);
    }
    const explanation = option.explanation.trim();
    if (explanation === '') {
      problems.push({
        path: ['options', index, 'explanation'],
        message: `question "${question.id}": option "${option.id}" has no explanation. Add an explanation: field saying why this option is ${option.correct ? 'right' : 'wrong'}; learners read it after they answer.`,
      });
    } else if (explanation.length < MIN_EXPLANATION_LENGTH) {
      problems.push({
        path: ['options', index, 'explanation'],
        message: `question "${question.id}": the explanation of option "${option.id}" ("${explanation}") is too short to explain anything. Say in a sentence why this option is ${option.correct ? 'right' : 'wrong'}.`,
      });
    }
  });
  return problems;
}

/** The quiz-wide rule: the right answer is not usually the longest one. */
export function longestCorrectProblems(quiz: FairnessQuiz): FairnessProblem[] {
  const written = quiz.questions.filter(isWrittenChoice);
  const longest = written.filter(correctIsLongest);
  const allowed = allowedLongestCorrect(written.length);
  if (longest.length <= allowed) return [];
  const ids = longest.map((question) => `"${question.id}"`).join(', ');
  return [
    {
      path: ['questions'],
      message:
        `the correct option is the longest in ${longest.length} of ${written.length} choice and scenario questions (${ids}); ` +
        `at most ${allowed} may be (a third), or a learner can score by picking the longest answer. ` +
        `In ${longest.length - allowed} of these questions, tighten the right answer or make a wrong one as specific as it: a real misconception, stated in full.`,
    },
  ];
}

/**
 * Words that make a claim absolute. Test-wise learners treat them as a sign of a wrong answer, so a quiz
 * must not let them decide the answer. Matched as whole words, case-insensitively, in the shown text.
 */
export const ABSOLUTE_WORDS = [
  'only',
  'always',
  'never',
  'every',
  'everything',
  'everyone',
  'all',
  'none',
  'nothing',
  'any',
] as const;

const absolutePattern = new RegExp(`\\b(${ABSOLUTE_WORDS.join('|')})\\b`, 'i');

/** The first absolute word in a text as the learner sees it, or undefined if it has none. */
export function absoluteWord(text: string): string | undefined {
  return absolutePattern.exec(shownText(text))?.[1]?.toLowerCase();
}

/** Whether the correct option is the one option without an absolute word, all the wrong ones having one. */
export function correctIsOnlyHedged(question: FairnessQuestion): boolean {
  const correct = question.options.find((option) => option.correct);
  if (!correct || absoluteWord(correct.text) !== undefined) return false;
  return question.options.every((option) => option === correct || absoluteWord(option.text) !== undefined);
}

/** The quiz-wide rule: absolute words in the wrong options do not point at the right one. */
export function onlyHedgedCorrectProblems(quiz: FairnessQuiz): FairnessProblem[] {
  const written = quiz.questions.filter(isWrittenChoice);
  const hedged = written.filter(correctIsOnlyHedged);
  const allowed = allowedLongestCorrect(written.length);
  if (hedged.length <= allowed) return [];
  const ids = hedged.map((question) => `"${question.id}"`).join(', ');
  return [
    {
      path: ['questions'],
      message:
        `the correct option is the only one without an absolute word (${ABSOLUTE_WORDS.join(', ')}) in ${hedged.length} of ${written.length} choice and scenario questions (${ids}); ` +
        `at most ${allowed} may be (a third), or a learner can score by avoiding "only" and "always". ` +
        `In ${hedged.length - allowed} of these questions, state a wrong option as a hedged, plausible misconception, or give the right one its true absolute ("only when…").`,
    },
  ];
}

/** A true/false statement's truth: the id of its correct option ("true" or "false"). */
function statementIsTrue(question: FairnessQuestion): boolean {
  return question.options.find((option) => option.correct)?.id === 'true';
}

/** How many absolute true/false statements must be true: a third, rounded up. */
export function requiredTrueAbsolutes(absoluteStatements: number): number {
  return Math.ceil(absoluteStatements / 3);
}

/** The quiz-wide rule: an absolute word in a true/false statement does not mean "false". */
export function absoluteStatementProblems(quiz: FairnessQuiz): FairnessProblem[] {
  const absolute = quiz.questions.filter(
    (question) => question.kind === 'true-false' && question.stem !== undefined && absoluteWord(question.stem) !== undefined,
  );
  const trueOnes = absolute.filter(statementIsTrue).length;
  const required = requiredTrueAbsolutes(absolute.length);
  if (trueOnes >= required) return [];
  const ids = absolute.map((question) => `"${question.id}"`).join(', ');
  return [
    {
      path: ['questions'],
      message:
        `${trueOnes} of ${absolute.length} true/false statements with an absolute word (${ids}) are true; at least ${required} must be (a third), ` +
        `or a learner can answer "false" whenever a statement says "only" or "always". ` +
        `Make ${required - trueOnes} more of them true statements, or say the false ones without an absolute word.`,
    },
  ];
}

/** Every problem of a quiz, with paths from the quiz's root. */
export function quizFairnessProblems(quiz: FairnessQuiz): FairnessProblem[] {
  return [
    ...quiz.questions.flatMap((question, index) =>
      questionFairnessProblems(question).map((problem) => ({ ...problem, path: ['questions', index, ...problem.path] })),
    ),
    ...quizWideFairnessProblems(quiz),
  ];
}

/** The rules that count over a whole quiz (the schema reports them on its `questions` field). */
export function quizWideFairnessProblems(quiz: FairnessQuiz): FairnessProblem[] {
  return [...longestCorrectProblems(quiz), ...onlyHedgedCorrectProblems(quiz), ...absoluteStatementProblems(quiz)];
}
