import { describe, expect, it } from 'vitest';
import { quizSchema } from '../../src/schemas/quiz.ts';
import { correctIsLongest, isWrittenChoice, quizFairnessProblems, type FairnessQuestion } from '../../src/lib/quiz-fairness.ts';
import { courseQuizzes } from './quiz-content.ts';

/** The fairness rules on fixture quizzes (messages pinned) and on the course's own quizzes. */

type RawOption = { id: string; text: string; correct?: boolean; explanation?: string };

const because = (text: string) => `Explained: ${text} is the answer a learner weighs here.`;

/** A choice question whose options have the given texts; the first one is right. */
function question(id: string, texts: string[], kind = 'choice'): Record<string, unknown> {
  const options: RawOption[] = texts.map((text, index) => ({
    id: 'abcd'[index] ?? `o${index}`,
    text,
    correct: index === 0,
    explanation: because(text),
  }));
  return { id, kind, stem: `Question ${id}?`, options, ...(kind === 'scenario' ? { context: 'A situation.' } : {}) };
}

const trueFalse = (id: string) => ({
  id,
  kind: 'true-false',
  stem: 'A statement.',
  options: [
    { id: 'true', text: 'True', correct: true, explanation: 'It holds, for a reason.' },
    { id: 'false', text: 'False', explanation: 'It does not fail, for a reason.' },
  ],
});

function messages(input: unknown): { path: string; message: string }[] {
  const result = quizSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) ?? [];
}

const long = 'Launch overhead and copies outweigh the arithmetic';
const short = ['Clock speed', 'More memory', 'A driver bug'];

describe('the right answer may be the longest in at most a third of the choice questions', () => {
  it('fails a biased quiz, naming the questions and the fix', () => {
    const biased = {
      title: 'Biased',
      questions: [
        question('q1', [long, ...short]),
        question('q2', [long, ...short]),
        question('q3', [long, ...short], 'scenario'),
        trueFalse('t1'),
      ],
    };
    expect(messages(biased)).toEqual([
      {
        path: 'questions',
        message:
          'the correct option is the longest in 3 of 3 choice and scenario questions ("q1", "q2", "q3"); at most 1 may be (a third), or a learner can score by picking the longest answer. In 2 of these questions, tighten the right answer or make a wrong one as specific as it: a real misconception, stated in full.',
      },
    ]);
  });

  it('passes a fair quiz, where wrong answers are as specific as the right one', () => {
    const misconception = 'The GPU runs each core at a higher clock speed';
    const fair = {
      title: 'Fair',
      questions: [
        question('q1', [long, ...short]),
        question('q2', ['Fixed costs per kernel', misconception, 'More memory']),
        question('q3', ['Too little work', misconception, 'A driver bug']),
        trueFalse('t1'),
      ],
    };
    expect(quizSchema.safeParse(fair).success).toBe(true);
    expect(quizFairnessProblems(quizSchema.parse(fair))).toEqual([]);
  });

  it('counts a tie for longest as longest, and exempts true/false', () => {
    const tie: FairnessQuestion = {
      id: 'q',
      kind: 'choice',
      options: [
        { id: 'a', text: 'abcd', correct: true, explanation: 'x' },
        { id: 'b', text: '`ab`cd', correct: false, explanation: 'x' },
      ],
    };
    expect(correctIsLongest(tie)).toBe(true);
    expect(isWrittenChoice({ ...tie, kind: 'true-false' })).toBe(false);
  });
});

describe('every option is its own answer, with its own explanation', () => {
  it('rejects two options with the same text, ignoring case, spacing and code marks', () => {
    const quiz = {
      title: 'Check',
      questions: [
        question('gpu-speed', ['Fixed launch costs', 'Call `torch.cuda.synchronize()`', 'call  torch.cuda.synchronize() ']),
      ],
    };
    expect(messages(quiz)).toEqual([
      {
        path: 'questions.0.options.2.text',
        message:
          'question "gpu-speed": options "b" and "c" have the same text ("call torch.cuda.synchronize()"). Make each option a different answer; a learner cannot choose between two identical ones.',
      },
    ]);
  });

  it('rejects an option without an explanation, naming the question, the option and what to add', () => {
    const quiz = { title: 'Check', questions: [question('gpu-speed', ['Fixed costs', 'A higher clock speed'])] };
    const options = (quiz.questions[0] as { options: RawOption[] }).options;
    delete options[1]?.explanation;
    expect(messages(quiz)).toEqual([
      {
        path: 'questions.0.options.1.explanation',
        message:
          'question "gpu-speed": option "b" has no explanation. Add an explanation: field saying why this option is wrong; learners read it after they answer.',
      },
    ]);
  });

  it('rejects an explanation too short to explain anything', () => {
    const quiz = { title: 'Check', questions: [question('gpu-speed', ['Fixed costs', 'A higher clock speed'])] };
    const options = (quiz.questions[0] as { options: RawOption[] }).options;
    if (options[0]) options[0].explanation = '  Yes. ';
    expect(messages(quiz)).toEqual([
      {
        path: 'questions.0.options.0.explanation',
        message:
          'question "gpu-speed": the explanation of option "a" ("Yes.") is too short to explain anything. Say in a sentence why this option is right.',
      },
    ]);
  });
});

describe('the course quizzes', () => {
  it('break none of the fairness rules', () => {
    expect(
      courseQuizzes().flatMap((quiz) => quizFairnessProblems(quiz.data).map((problem) => `${quiz.file}: ${problem.message}`)),
    ).toEqual([]);
  });

  it('write an explanation for every option in the file itself', () => {
    const missing = courseQuizzes().flatMap((quiz) => {
      const raw = quiz.raw as { questions: { id: string; options: { id: string; explanation?: unknown }[] }[] };
      return raw.questions.flatMap((item) =>
        item.options
          .filter((option) => typeof option.explanation !== 'string')
          .map((option) => `${quiz.file}: ${item.id}/${option.id}`),
      );
    });
    expect(missing).toEqual([]);
  });

  it('report how often the right answer is the longest (at most a third of each quiz)', () => {
    for (const quiz of courseQuizzes()) {
      const written = quiz.data.questions.filter(isWrittenChoice);
      const longest = written.filter(correctIsLongest);
      expect(longest.length * 3, `${quiz.file}: ${longest.map((item) => item.id).join(', ')}`).toBeLessThanOrEqual(
        written.length,
      );
    }
  });
});
