import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { yamlSyntaxHint } from '../../src/lib/yaml-syntax-hint.ts';

// js-yaml is what Astro parses content YAML with: the hints are checked against its real reasons and lines.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

/** The hint for `source` as the build would give it. */
function hintFor(source: string): string {
  try {
    yaml.load(source);
  } catch (error) {
    const { reason, mark } = error as { reason: string; mark: { line: number } };
    return yamlSyntaxHint({ source, line: mark.line + 1, reason });
  }
  throw new Error('the YAML parsed');
}

const quiz = (body: string) => `title: Check\nquestions:\n  - id: q1\n    kind: choice\n${body}`;

describe('yamlSyntaxHint', () => {
  it('asks for quotes around text with a colon, and shows the quoted line', () => {
    expect(hintFor(quiz('    stem: GPUs: they have "more" cores.\n'))).toBe(
      'Line 5: the text after "stem:" contains a colon followed by a space (or ends with one), which YAML reads as the start of another key. ' +
        'Quote text that contains a colon: stem: "GPUs: they have \\"more\\" cores."',
    );
    expect(hintFor(quiz('    stem: Which is faster:\n'))).toContain('Quote text that contains a colon: stem: "Which is faster:"');
  });

  it('points at a line indented out of step with the line above', () => {
    expect(hintFor(quiz('      stem: x\n'))).toBe(
      'Check the indentation of line 5: it starts deeper (column 7) than line 4 above it (column 5), but "kind:" on line 4 already has its value, ' +
        'so nothing can nest under it. If line 5 is another field of the same entry, start it in column 5.',
    );
    expect(hintFor(quiz('   stem: x\n'))).toMatch(
      /^Check the indentation of line 5 \(column 4\) against the line above \(line 4, column 5\)/,
    );
    expect(hintFor(quiz('    options:\n      - { id: a, text: A }\n     - { id: b, text: B }\n'))).toMatch(
      /^Check the indentation of line 7 \(column 6\) against the line above \(line 6, column 7\)/,
    );
  });

  it('names a tab, an unclosed quote, an unclosed inline list and a repeated key', () => {
    expect(hintFor('title: Check\nquestions:\n\t- id: q1\n')).toBe(
      'Line 3 is indented with a tab: YAML indents with spaces only. Replace the tab with spaces.',
    );
    expect(hintFor('title: "Check\nquestions:\n  - id: q1\n')).toBe(
      'A text in double quotes is never closed: it opens on line 1. Add the closing "; inside "…" write a double quote as \\".',
    );
    expect(hintFor(quiz('    options:\n      - { id: a, text: A\n      - { id: b, text: B }\n'))).toMatch(
      /^An inline list \[ … \] or mapping \{ … \} on line 7 or above is not closed/,
    );
    expect(hintFor('title: Check\ntitle: Again\n')).toMatch(/^Line 2 gives "title" a second time in the same mapping/);
    expect(hintFor("title: 'It's here'\n")).toMatch(/^Line 1: the text in single quotes contains a single quote of its own/);
  });
});
