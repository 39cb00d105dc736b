import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Loader } from 'astro/loaders';

/**
 * What to fix when a content YAML file (a quiz) does not parse. The parser knows where it gave up and
 * why, in its own terms ("bad indentation of a mapping entry"); an author needs to hear the usual cause
 * in theirs: text with a colon that needs quotes, a line indented out of step with the one above, a
 * quote never closed. `yamlSyntaxHint` is pure; `withYamlSyntaxHints` puts its answer in the build error.
 */

export interface YamlSyntaxProblem {
  /** The whole file. */
  source: string;
  /** 1-based line where the parser stopped. */
  line: number;
  /** The parser's reason, e.g. "bad indentation of a mapping entry". */
  reason: string;
}

interface SourceLine {
  number: number;
  text: string;
  indent: number;
}

function lineAt(lines: string[], number: number): SourceLine | undefined {
  const text = lines[number - 1];
  return text === undefined ? undefined : { number, text, indent: /^ */.exec(text)?.[0].length ?? 0 };
}

/** The nearest line above `number` with content (not blank, not only a comment). */
function contentLineAbove(lines: string[], number: number): SourceLine | undefined {
  for (let current = number - 1; current >= 1; current -= 1) {
    const line = lineAt(lines, current);
    if (line && line.text.trim() !== '' && !line.text.trim().startsWith('#')) return line;
  }
  return undefined;
}

/** `key: value` on a line (after an optional "- "), with the value as written. */
function keyAndValue(text: string): { key: string; value: string } | null {
  const match = /^\s*(?:-\s+)?([A-Za-z0-9_-]+):[ \t]+(.*?)\s*$/.exec(text);
  return match ? { key: match[1], value: match[2] } : null;
}

function countUnescaped(text: string, quote: string): number {
  return [...text.matchAll(quote === '"' ? /(?<!\\)"/g : /'/g)].length;
}

function colonHint(line: SourceLine): string | null {
  const pair = keyAndValue(line.text);
  if (!pair || /^["'>|{[&*!]/.test(pair.value)) return null;
  if (!/:(\s|$)/.test(pair.value)) return null;
  const quoted = `"${pair.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return (
    `Line ${line.number}: the text after "${pair.key}:" contains a colon followed by a space (or ends with one), which YAML reads as the start of another key. ` +
    `Quote text that contains a colon: ${pair.key}: ${quoted}`
  );
}

function singleQuoteHint(line: SourceLine): string | null {
  const pair = keyAndValue(line.text);
  if (!pair || !pair.value.startsWith("'")) return null;
  const inner = pair.value.slice(1).replace(/''/g, '');
  if (!inner.slice(0, -1).includes("'")) return null;
  return `Line ${line.number}: the text in single quotes contains a single quote of its own, which ends it early. Inside '…' write a single quote as two ('It''s'), or use double quotes.`;
}

function indentationHint(line: SourceLine, above: SourceLine | undefined): string {
  if (!above) return `Check the indentation of line ${line.number}: the first key of the file starts in the first column.`;
  const abovePair = keyAndValue(above.text);
  if (line.indent > above.indent && abovePair && !/^[>|]/.test(abovePair.value)) {
    return (
      `Check the indentation of line ${line.number}: it starts deeper (column ${line.indent + 1}) than line ${above.number} above it (column ${above.indent + 1}), ` +
      `but "${abovePair.key}:" on line ${above.number} already has its value, so nothing can nest under it. ` +
      `If line ${line.number} is another field of the same entry, start it in column ${above.indent + 1}.`
    );
  }
  return (
    `Check the indentation of line ${line.number} (column ${line.indent + 1}) against the line above (line ${above.number}, column ${above.indent + 1}): ` +
    'the keys of one mapping, and the "-" of the entries of one list, start in the same column, and what belongs to a key starts two spaces deeper.'
  );
}

/** A sentence that tells the author what to change. */
export function yamlSyntaxHint({ source, line: number, reason }: YamlSyntaxProblem): string {
  const lines = source.split(/\r?\n/);
  const line = lineAt(lines, Math.min(Math.max(number, 1), Math.max(lines.length, 1))) ?? { number, text: '', indent: 0 };
  const above = contentLineAbove(lines, line.number);

  if (/tab characters/i.test(reason)) {
    return `Line ${line.number} is indented with a tab: YAML indents with spaces only. Replace the tab with spaces.`;
  }
  if (/quoted scalar/i.test(reason)) {
    const quote = /double/i.test(reason) ? '"' : "'";
    const opened = lines.findIndex((text) => countUnescaped(text, quote) % 2 === 1);
    return (
      `A text in ${quote === '"' ? 'double' : 'single'} quotes is never closed${opened >= 0 ? `: it opens on line ${opened + 1}` : ''}. ` +
      `Add the closing ${quote}; ${quote === '"' ? 'inside "…" write a double quote as \\"' : "inside '…' write a single quote as ''"}.`
    );
  }
  if (/flow collection|missed comma/i.test(reason)) {
    return (
      `An inline list [ … ] or mapping { … } on line ${line.number} or above is not closed, or two of its entries have no comma between them. ` +
      'Close it on the line where it opens; text inside it that contains a comma, colon or brace must be in quotes.'
    );
  }
  if (/duplicated mapping key/i.test(reason)) {
    const key = keyAndValue(line.text)?.key ?? /^\s*(?:-\s+)?([^:#]+):/.exec(line.text)?.[1]?.trim();
    return (
      `Line ${line.number} gives ${key ? `"${key}"` : 'a key'} a second time in the same mapping. Remove one of the two; ` +
      'if the second belongs to another question or option, check its indentation and its "- ".'
    );
  }
  // The parser often stops one line after the cause: look at both.
  for (const candidate of [line, above]) {
    if (!candidate) continue;
    const hint = colonHint(candidate) ?? singleQuoteHint(candidate);
    if (hint) return hint;
  }
  if (/indentation|block mapping|document separator|implicit key|not allowed in this context/i.test(reason))
    return indentationHint(line, above);
  return (
    `Check line ${line.number} and the line above it. The usual causes: indentation that does not line up with the lines around it, ` +
    'and text that contains a colon followed by a space without quotes around it.'
  );
}

/** The fields of the error Astro throws for a data file that does not parse (DataCollectionEntryParseError). */
interface ParseError {
  message: string;
  hint?: string;
  loc?: { file?: string; line?: number; column?: number };
}

function isParseError(error: unknown): error is Error & ParseError {
  return (
    error instanceof Error &&
    typeof (error as ParseError).loc?.file === 'string' &&
    typeof (error as ParseError).loc?.line === 'number'
  );
}

/**
 * `loader` (a glob of YAML files) whose YAML syntax errors name the file and line and say what to fix.
 * Astro's own error has the place and the parser's reason; this rewrites its message and hint.
 */
export function withYamlSyntaxHints(loader: Loader): Loader {
  return {
    ...loader,
    async load(context) {
      try {
        await loader.load(context);
      } catch (error) {
        if (!isParseError(error) || !/\.ya?ml$/i.test(error.loc?.file ?? '')) throw error;
        const file = error.loc?.file ?? '';
        const line = error.loc?.line ?? 1;
        let source: string;
        try {
          source = readFileSync(file, 'utf8');
        } catch {
          throw error;
        }
        const reason = error.message.replace(/^[\s\S]*failed to parse:\s*/, '').trim() || 'the YAML does not parse';
        error.message = `${path.relative(process.cwd(), file)}, line ${line}: ${reason}.`;
        error.hint = yamlSyntaxHint({ source, line, reason });
        throw error;
      }
    },
  };
}
