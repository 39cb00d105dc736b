import { describe, expect, it } from 'vitest';
import { quizSchema } from '../../src/schemas/quiz.ts';
import { answerKeyOf, parseAnswerKey } from '../../src/quiz/answer-key.ts';
import { scriptSafeJson } from '../../src/progress/script-safe-json.ts';

const quiz = quizSchema.parse({
  title: 'Check',
  questions: [
    {
      id: 'tpu-only',
      kind: 'true-false',
      stem: 'TPUs were made for TensorFlow, so JAX cannot use them.',
      options: [
        { id: 'true', text: 'True', explanation: 'No: JAX and PyTorch/XLA run on TPUs too.' },
        { id: 'false', text: 'False', correct: true, explanation: 'Right: XLA compiles JAX and PyTorch for TPUs.' },
      ],
    },
    {
      id: 'tiny-model',
      kind: 'scenario',
      context: 'A logistic regression on 500 rows.',
      stem: 'Where should it train?',
      options: [
        { id: 'a', text: 'CPU', correct: true, explanation: 'Too little work to hide the transfer cost.' },
        { id: 'b', text: 'The GPU', explanation: 'Launch overhead outweighs the parallel speed-up.' },
      ],
      modelAnswer: 'Use the CPU.\n\nMeasure before you move.',
    },
  ],
});

describe('answer key', () => {
  it('holds the correct option, every explanation and the model answer, keyed by question id', () => {
    expect(answerKeyOf(quiz)).toEqual({
      'tpu-only': {
        correct: 'false',
        explanations: {
          true: 'No: JAX and PyTorch/XLA run on TPUs too.',
          false: 'Right: XLA compiles JAX and PyTorch for TPUs.',
        },
      },
      'tiny-model': {
        correct: 'a',
        explanations: { a: 'Too little work to hide the transfer cost.', b: 'Launch overhead outweighs the parallel speed-up.' },
        modelAnswer: 'Use the CPU.\n\nMeasure before you move.',
      },
    });
  });

  it('survives the round trip through the page as script-safe JSON', () => {
    expect(parseAnswerKey(scriptSafeJson(answerKeyOf(quiz)))).toEqual(answerKeyOf(quiz));
  });

  it('rejects missing, malformed or wrongly shaped answer data instead of throwing', () => {
    expect(parseAnswerKey(undefined)).toBeNull();
    expect(parseAnswerKey('{not json')).toBeNull();
    expect(parseAnswerKey('[]')).toBeNull();
    expect(parseAnswerKey('{"q":{"correct":1,"explanations":{}}}')).toBeNull();
    expect(parseAnswerKey('{"q":{"correct":"a","explanations":{"a":2}}}')).toBeNull();
  });
});

describe('script-safe JSON', () => {
  it('cannot close the script element it is embedded in', () => {
    const json = scriptSafeJson({ explanation: 'ends with </script><img src=x>' });
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json)).toEqual({ explanation: 'ends with </script><img src=x>' });
  });
});
