/**
 * Content rules that keep a quiz from giving its answers away. A learner who has not read the lesson
 * should do no better than chance, so:
 *
 * - the right option must not routinely be the longest one (writers tend to qualify the right answer
 *   and leave the distractors short): in at most a third of a quiz's choice and scenario questions;
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

/** Every problem of a quiz, with paths from the quiz's root. */
export function quizFairnessProblems(quiz: FairnessQuiz): FairnessProblem[] {
  return [
    ...quiz.questions.flatMap((question, index) =>
      questionFairnessProblems(question).map((problem) => ({ ...problem, path: ['questions', index, ...problem.path] })),
    ),
    ...longestCorrectProblems(quiz),
  ];
}
