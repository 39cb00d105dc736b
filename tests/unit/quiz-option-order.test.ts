import { describe, expect, it } from 'vitest';
import { displayOrder, fnv1a } from '../../src/quiz/option-order.ts';
import { courseQuizzes } from './quiz-content.ts';

const option = (id: string) => ({ id });
const choice = (id: string, count = 4) => ({
  id,
  kind: 'choice' as const,
  options: ['a', 'b', 'c', 'd'].slice(0, count).map(option),
});

describe('option order', () => {
  it('is a permutation of the options, the same every time for the same quiz and question', () => {
    const question = choice('gpu-speed');
    const order = displayOrder('check', question).map((item) => item.id);
    expect([...order].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(displayOrder('check', question).map((item) => item.id)).toEqual(order);
    expect(question.options.map((item) => item.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('depends on the quiz id and the question id, not on other questions', () => {
    const orders = new Set(
      ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'].map((id) =>
        displayOrder('check', choice(id))
          .map((item) => item.id)
          .join(''),
      ),
    );
    expect(orders.size).toBeGreaterThan(3);
    const ids = ['q1', 'q2', 'q3', 'q4'];
    const inQuiz = (quizId: string) =>
      ids
        .map((id) =>
          displayOrder(quizId, choice(id))
            .map((item) => item.id)
            .join(''),
        )
        .join(' ');
    expect(inQuiz('other')).not.toBe(inQuiz('check'));
    expect(fnv1a('check/q1')).not.toBe(fnv1a('other/q1'));
  });

  it('keeps true/false in the written order, True before False', () => {
    const question = { id: 'tpu', kind: 'true-false' as const, options: [option('true'), option('false')] };
    expect(displayOrder('check', question).map((item) => item.id)).toEqual(['true', 'false']);
  });
});

describe('where the course puts its right answers', () => {
  /** Shown position of the right answer in every question of the course. */
  const placements = () =>
    courseQuizzes().flatMap((quiz) =>
      quiz.data.questions.map((question) => ({
        kind: question.kind,
        position: displayOrder(quiz.id, question).findIndex((item) => item.correct),
      })),
    );

  /** position → share of the questions of these kinds whose right answer is shown there. */
  function shares(kinds: string[]): Record<number, number> {
    const counted = placements().filter((placement) => kinds.includes(placement.kind));
    const counts: Record<number, number> = {};
    for (const { position } of counted) counts[position] = (counts[position] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).map(([position, count]) => [position, count / counted.length]));
  }

  it('no display position holds the right answer in more than 40 % of the choice and scenario questions', () => {
    const byPosition = shares(['choice', 'scenario']);
    for (const [position, share] of Object.entries(byPosition))
      expect(share, `position ${Number(position) + 1}`).toBeLessThanOrEqual(0.4);
  });

  it('nor of all questions, true/false included (True is always shown first)', () => {
    const byPosition = shares(['choice', 'scenario', 'true-false']);
    for (const [position, share] of Object.entries(byPosition))
      expect(share, `position ${Number(position) + 1}`).toBeLessThanOrEqual(0.4);
  });

  it('within a quiz of five or more choice questions, no position holds more than half of the right answers', () => {
    for (const quiz of courseQuizzes()) {
      const shuffled = quiz.data.questions.filter((question) => question.kind !== 'true-false');
      if (shuffled.length < 5) continue;
      const counts = new Map<number, number>();
      for (const question of shuffled) {
        const position = displayOrder(quiz.id, question).findIndex((item) => item.correct);
        counts.set(position, (counts.get(position) ?? 0) + 1);
      }
      expect(Math.max(...counts.values()) / shuffled.length, quiz.file).toBeLessThanOrEqual(0.5);
    }
  });

  it('true/false answers are not mostly True or mostly False', () => {
    const byPosition = shares(['true-false']);
    for (const share of Object.values(byPosition)) expect(share).toBeLessThanOrEqual(0.6);
  });
});
