import { describe, expect, it } from 'vitest';
import { withoutCode } from '../../src/lib/course-model.ts';

/** What the course model's reference check reads of a lesson: code that only shows syntax is blanked. */
describe('withoutCode', () => {
  it('blanks fenced code blocks of either kind, at any indentation, keeping every line', () => {
    const source = [
      'Before',
      '```mdx',
      '<Lab id="example" />',
      '```',
      '  ~~~~',
      '  <Quiz id="shown" />',
      '  ~~~',
      '  ~~~~',
      'After <Quiz id="real" />',
    ].join('\n');
    const result = withoutCode(source);
    expect(result.split('\n')).toHaveLength(9);
    expect(result).not.toContain('example');
    expect(result).not.toContain('shown');
    expect(result).toContain('After <Quiz id="real" />');
  });

  it('blanks a fence inside a quote or list item, and an unclosed fence to the end', () => {
    expect(withoutCode('> ```\n> <Lab id="a" />\n> ```\n<Lab id="b" />')).toMatch(/^\s*<Lab id="b" \/>$/);
    expect(withoutCode('- item\n  ```\n  <Lab id="a" />\n  ```\n<Lab id="b" />')).not.toContain('"a"');
    expect(withoutCode('```\n<Lab id="a" />')).not.toContain('Lab');
  });

  it('blanks inline code spans of any backtick count, and MDX comments', () => {
    const result = withoutCode(
      'Write `<Lab id="x" />` or ``<Quiz id="`y`" />`` here {/* <Lab id="z" /> */} then <Lab id="real" />.',
    );
    expect(result).not.toMatch(/"x"|"`y`"|"z"/);
    expect(result).toContain('<Lab id="real" />');
  });

  it('does not let a stray backtick hide the next paragraph', () => {
    expect(withoutCode('A lone ` here.\n\n<Quiz id="real" />\n\nand ` there.')).toContain('<Quiz id="real" />');
  });

  it('keeps a text without code as it is', () => {
    const text = '## Title\n\nText <Quiz id="q" />\n';
    expect(withoutCode(text)).toBe(text);
  });
});
