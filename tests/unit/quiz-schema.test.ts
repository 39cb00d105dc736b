import { describe, expect, it } from 'vitest';
import { quizSchema } from '../../src/schemas/quiz.ts';

/** The messages a quiz author sees when a question breaks the rules; pinned so they stay helpful. */

type RawOption = { id: string; text: string; correct?: boolean; explanation?: string };

function quizWith(options: RawOption[], extra: Record<string, unknown> = {}) {
  return { title: 'Check', questions: [{ id: 'gpu-speed', kind: 'choice', stem: 'Which is faster?', options, ...extra }] };
}

// Wrong options are written out longer than the right one, so the fairness rule that the right answer
// must not usually be the longest stays out of these tests (tests/unit/quiz-fairness.test.ts covers it).
const explained = (id: string, correct = false): RawOption => ({
  id,
  text: correct ? `Option ${id}` : `Option ${id}, a plausible wrong answer`,
  correct,
  explanation: `Option ${id} is ${correct ? 'right' : 'wrong'} because of a reason.`,
});

function issues(input: unknown) {
  const result = quizSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) ?? [];
}

describe('quiz schema', () => {
  it('accepts a question with one correct option and an explanation for every option', () => {
    expect(quizSchema.safeParse(quizWith([explained('a', true), explained('b')])).success).toBe(true);
  });

  it('rejects an option without an explanation, naming the question, the option and the fix', () => {
    const { explanation: _omitted, ...unexplained } = explained('b');
    expect(issues(quizWith([explained('a', true), unexplained]))).toEqual([
      {
        path: 'questions.0.options.1.explanation',
        message:
          'question "gpu-speed": option "b" has no explanation. Add an explanation: field saying why this option is wrong; learners read it after they answer.',
      },
    ]);
  });

  it('rejects an explanation too short to explain anything', () => {
    expect(issues(quizWith([explained('a', true), { ...explained('b'), explanation: 'No.' }]))).toEqual([
      {
        path: 'questions.0.options.1.explanation',
        message:
          'question "gpu-speed": the explanation of option "b" ("No.") is too short to explain anything. Say in a sentence why this option is wrong.',
      },
    ]);
  });

  it('rejects a question with no correct option', () => {
    expect(issues(quizWith([explained('a'), explained('b')]))).toEqual([
      { path: 'questions.0.options', message: 'question "gpu-speed" has 0 options marked correct: true; mark exactly one' },
    ]);
  });

  it('rejects a question with two correct options', () => {
    expect(issues(quizWith([explained('a', true), explained('b', true), explained('c')]))).toEqual([
      { path: 'questions.0.options', message: 'question "gpu-speed" has 2 options marked correct: true; mark exactly one' },
    ]);
  });

  it('rejects a scenario without its context', () => {
    expect(issues(quizWith([explained('a', true), explained('b')], { kind: 'scenario' }))).toEqual([
      { path: 'questions.0.context', message: 'scenario "gpu-speed" needs a context' },
    ]);
  });
});
