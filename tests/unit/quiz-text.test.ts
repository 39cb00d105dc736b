import { describe, expect, it } from 'vitest';
import { inlineHtml, inlineRuns, paragraphs, quoted } from '../../src/quiz/quiz-text.ts';

describe('quiz text', () => {
  it('splits `code` spans from plain text and leaves an unmatched backtick alone', () => {
    expect(inlineRuns('Call `tf.tidy()` then `dispose`.')).toEqual([
      { text: 'Call ', code: false },
      { text: 'tf.tidy()', code: true },
      { text: ' then ', code: false },
      { text: 'dispose', code: true },
      { text: '.', code: false },
    ]);
    expect(inlineRuns('a ` b')).toEqual([{ text: 'a ` b', code: false }]);
  });

  it('renders code spans as <code> and escapes everything an author writes', () => {
    expect(inlineHtml('Use `a<b>` & "quotes"')).toBe('Use <code>a&lt;b&gt;</code> &amp; &quot;quotes&quot;');
  });

  it('splits a YAML block into paragraphs at blank lines', () => {
    expect(paragraphs('First line\ncontinues.\n\n  \nSecond.\n')).toEqual(['First line\ncontinues.', 'Second.']);
  });
});

describe('quoted', () => {
  it('ends the sentence once: no second full stop after an option that ends with its own', () => {
    expect(quoted('the gradient already stored.')).toBe('“the gradient already stored.”');
    expect(quoted('False')).toBe('“False”.');
  });
});
