import { describe, expect, it } from 'vitest';
import {
  coreBlocks,
  countWords,
  labMinutes,
  lessonMinutes,
  LOAD_LIMITS,
  loadProblems,
  measureProse,
  sentences,
} from '../../src/lib/lesson-load.ts';
import { findAll, parseHtml } from '../../src/lib/lesson-load-html.ts';
import { measureMdxLesson, parseMdx } from '../../src/lib/lesson-load-mdx.ts';
import { PRACTICE_TEXT } from '../../src/lib/practice-text.ts';

/** The core prose of an HTML fragment, measured as scripts/lesson-load.ts measures a built page. */
const measureHtml = (html: string) => measureProse(coreBlocks(parseHtml(html).children));
const measureMdx = (mdx: string) => measureProse(coreBlocks(parseMdx(mdx).children, { Practice: PRACTICE_TEXT }));

describe('core prose of a built page', () => {
  it('counts paragraphs, list items and headings, and ends a sentence at each block', () => {
    const measure = measureHtml(
      '<h2>Two words</h2><p>One short sentence here. And another one.</p><ul><li>A list item</li></ul>',
    );
    expect(measure.words).toBe(12);
    // Headings are words, not sentences: 4 + 3 and 3 words.
    expect(measure.sentences).toBe(3);
    expect(measure.meanSentence).toBeCloseTo(10 / 3);
  });

  it('leaves out Going further, labs, exercises, quizzes, code, tables, figures and hidden text', () => {
    const html = [
      '<p>Core words stay.</p>',
      '<details class="going-further"><summary>Going further: depth</summary><p>Many more words here.</p></details>',
      '<course-lab class="lab" data-lab-id="x"><p>Lab words</p></course-lab>',
      '<course-exercise data-exercise-id="y"><p>Exercise words</p></course-exercise>',
      '<course-quiz><p>Quiz words</p></course-quiz>',
      '<pre><code>const code = 1;</code></pre>',
      '<table><tr><td>cell words</td></tr></table>',
      '<figure><figcaption>caption words</figcaption></figure>',
      '<p hidden>hidden words</p>',
      '<aside class="note"><p class="note-title">Tip</p><p>Note body counts.</p></aside>',
    ].join('');
    expect(measureHtml(html)).toEqual({ words: 6, sentences: 2, meanSentence: 3 });
  });

  it("leaves out a glossary term's tooltip but keeps the term itself", () => {
    const measure = measureHtml(
      '<p>Threads run in <span class="term-wrap"><a class="term" href="/glossary/#warp">warps</a>' +
        '<span role="tooltip" class="term-tip">A group of 32 threads that run one instruction together.</span></span> here.</p>',
    );
    expect(measure.words).toBe(5);
    expect(measure.sentences).toBe(1);
  });

  it('skips inline code inside a sentence without ending the sentence', () => {
    expect(measureHtml('<p>Call <code>model.to(device)</code> once, then train.</p>')).toEqual({
      words: 4,
      sentences: 1,
      meanSentence: 4,
    });
  });

  it('reads entities, comments, attributes with ">" in quotes and script text', () => {
    const html = '<!-- a > b --><p title="a > b">Fast &amp; cheap&#8217;s</p><script>const words = "not counted";</script>';
    expect(measureHtml(html).words).toBe(2); // "Fast" and "cheap’s"; "&" is no word
    const root = parseHtml('<course-lab data-lab-id="cnn"></course-lab><br><p class="prose x">t</p>');
    expect(findAll(root, (element) => element.name === 'course-lab')[0]?.attributes['data-lab-id']).toBe('cnn');
    expect(findAll(root, (element) => element.classes.includes('prose'))).toHaveLength(1);
  });
});

describe('sentences and words', () => {
  it('splits at . ! ? and … before a space, but not after e.g. or inside numbers', () => {
    expect(sentences('A T4 moves 2.4 digits. Really? Yes! Wait… then, e.g. this, is one.')).toEqual([
      'A T4 moves 2.4 digits.',
      'Really?',
      'Yes!',
      'Wait…',
      'then, e.g. this, is one.',
    ]);
  });

  it('counts runs with a letter or a digit, not dashes or arrows', () => {
    expect(countWords('GPUs — fast → 3,204,720 FLOP/s')).toBe(4);
  });
});

describe('the limits', () => {
  it('passes a lesson within both limits and names the lesson and the limit otherwise', () => {
    expect(loadProblems('a/ok', { words: LOAD_LIMITS.words, sentences: 100, meanSentence: LOAD_LIMITS.meanSentence })).toEqual(
      [],
    );
    const [words, length] = loadProblems('a/long', { words: 2_501, sentences: 100, meanSentence: 20.5 });
    expect(words).toBe('a/long: 2,501 words of core prose, over the limit of 2,500. Move depth into a <GoingFurther> section.');
    expect(length).toBe('a/long: sentences average 20.5 words, over the limit of 20. Split long sentences.');
  });

  it('flags a page whose core prose grew past the limit', () => {
    const sentence = 'This sentence has exactly ten words in it, no more. ';
    const page = `<p>${sentence.repeat(251)}</p>`;
    expect(loadProblems('x', measureHtml(page))).toHaveLength(1);
    expect(loadProblems('x', measureHtml(`<p>${sentence.repeat(250)}</p>`))).toEqual([]);
  });
});

describe('minutes', () => {
  it('adds reading at 200 words a minute, labs, exercises with their work, and quizzes', () => {
    expect(labMinutes('hello-tensors', 60)).toBe(3); // 20 s run, 2 min of code
    expect(labMinutes('cnn', 81)).toBe(5); // 2 min run, 2.7 min of code
    expect(lessonMinutes({ coreWords: 401, labs: [3], exercises: [2, 2], quizzes: 1 })).toBe(3 + 3 + 4 + 10 + 5);
  });
});

describe('the MDX reading the build uses agrees with the HTML reading', () => {
  it('finds the same core prose in a lesson body as in its rendered page', () => {
    const mdx = [
      '## Where it runs',
      '',
      'The model runs on the `cuda` device. It is [fast](https://example.com) and **cheap**.',
      '',
      '- first item',
      '- second item',
      '',
      '<GoingFurther title="History">',
      '',
      'Depth that a first pass skips.',
      '',
      '</GoingFurther>',
      '',
      '```python',
      'x = 1',
      '```',
      '',
      '| a | b |',
      '| - | - |',
      '',
      '<Practice />',
      '',
      '<Exercise id="exercise-tensor-leak" />',
    ].join('\n');
    const html = [
      '<h2>Where it runs</h2>',
      '<p>The model runs on the <code>cuda</code> device. It is <a href="https://example.com">fast</a> and <strong>cheap</strong>.</p>',
      '<ul><li>first item</li><li>second item</li></ul>',
      '<details class="going-further"><summary>Going further: History</summary><p>Depth that a first pass skips.</p></details>',
      '<pre><code>x = 1</code></pre><table><tr><td>a</td></tr></table>',
      `<p class="practice-intro">${PRACTICE_TEXT}</p>`,
      '<course-exercise data-exercise-id="exercise-tensor-leak"></course-exercise>',
    ].join('');
    expect(measureMdx(mdx)).toEqual(measureHtml(html));
    const { minutes } = measureMdxLesson(mdx, () => 30);
    expect(minutes).toBe(Math.ceil(measureHtml(html).words / 200) + labMinutes('exercise-tensor-leak', 30) + 5);
  });
});
