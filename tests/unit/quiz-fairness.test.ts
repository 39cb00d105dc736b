import { describe, expect, it } from 'vitest';
import { quizSchema } from '../../src/schemas/quiz.ts';
import {
  absoluteWord,
  correctIsLongest,
  correctIsOnlyHedged,
  isWrittenChoice,
  quizFairnessProblems,
  type FairnessQuestion,
} from '../../src/lib/quiz-fairness.ts';
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

const trueFalse = (id: string, stem = 'A statement.', truth = true) => ({
  id,
  kind: 'true-false',
  stem,
  options: [
    { id: 'true', text: 'True', correct: truth, explanation: 'It holds, for a reason.' },
    { id: 'false', text: 'False', correct: !truth, explanation: 'It does not hold, for a reason.' },
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

describe('absolute words do not give the answer away', () => {
  const hedged = 'Fixed launch costs';
  const absolutes = ['The GPU is always faster', 'Only the clock matters', 'Every core runs at 5 GHz'];

  it('finds absolute words as whole words, in the text a learner sees', () => {
    expect(absoluteWord('It `always` wins')).toBe('always');
    expect(absoluteWord('Only a few cores')).toBe('only');
    expect(absoluteWord('A fallback is allowed')).toBeUndefined();
    expect(absoluteWord('Everywhere, nonetheless')).toBeUndefined();
  });

  it('fails a quiz whose right answer is usually the one hedged option, naming the questions and the fix', () => {
    const giveaway = {
      title: 'Giveaway',
      questions: [
        question('q1', [hedged, ...absolutes]),
        question('q2', [hedged, ...absolutes]),
        question('q3', [hedged, 'More memory always helps', 'Never the launch cost']),
      ],
    };
    expect(messages(giveaway)).toEqual([
      {
        path: 'questions',
        message:
          'the correct option is the only one without an absolute word (only, always, never, every, everything, everyone, all, none, nothing, any) in 3 of 3 choice and scenario questions ("q1", "q2", "q3"); at most 1 may be (a third), or a learner can score by avoiding "only" and "always". In 2 of these questions, state a wrong option as a hedged, plausible misconception, or give the right one its true absolute ("only when…").',
      },
    ]);
  });

  it('counts a question only when every wrong option is absolute and the right one is not', () => {
    const mixed = question('q', [hedged, 'The GPU is always faster', 'A higher clock speed']);
    const parsed = quizSchema.parse({ title: 'Check', questions: [mixed] }).questions[0];
    expect(parsed && correctIsOnlyHedged(parsed)).toBe(false);
    const allAbsolute = question('q', ['Only launch costs', ...absolutes]);
    const parsedAll = quizSchema.parse({ title: 'Check', questions: [allAbsolute] }).questions[0];
    expect(parsedAll && correctIsOnlyHedged(parsedAll)).toBe(false);
  });

  it('fails a quiz whose absolute true/false statements are all false', () => {
    const quiz = {
      title: 'Absolutes',
      questions: [
        trueFalse('t1', 'A GPU is always faster than a CPU.', false),
        trueFalse('t2', 'Only TensorFlow runs on TPUs.', false),
        trueFalse('t3', 'Every GPU has Tensor Cores.', false),
        trueFalse('t4', 'A CPU can beat a GPU on a tiny matrix product.'),
      ],
    };
    expect(messages(quiz)).toEqual([
      {
        path: 'questions',
        message:
          '0 of 3 true/false statements with an absolute word ("t1", "t2", "t3") are true; at least 1 must be (a third), or a learner can answer "false" whenever a statement says "only" or "always". Make 1 more of them true statements, or say the false ones without an absolute word.',
      },
    ]);
  });

  it('passes when a third of the absolute statements are true', () => {
    const quiz = {
      title: 'Absolutes',
      questions: [
        trueFalse('t1', 'A GPU is always faster than a CPU.', false),
        trueFalse('t2', 'Only TensorFlow runs on TPUs.', false),
        trueFalse('t3', 'A tensor stays on the CPU until you move it, in every PyTorch program.'),
      ],
    };
    expect(quizSchema.safeParse(quiz).success).toBe(true);
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
  it('give every question a title of its own, so a question can be referred to by name', () => {
    const problems = courseQuizzes().flatMap((quiz) => {
      const seen = new Set<string>();
      return quiz.data.questions.flatMap((question) => {
        const title = question.title?.trim();
        if (!title) return [`${quiz.file}: question "${question.id}" has no title`];
        if (['question', 'true or false?'].includes(title.toLowerCase()))
          return [`${quiz.file}: question "${question.id}" has the generic title "${title}"`];
        if (seen.has(title)) return [`${quiz.file}: question "${question.id}" repeats the title "${title}"`];
        seen.add(title);
        return [];
      });
    });
    expect(problems).toEqual([]);
  });

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
