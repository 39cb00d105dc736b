/**
 * Quiz YAML is plain text with one bit of Markdown authors reach for: `code` between backticks.
 * These helpers split it so both the server (Astro) and the browser can render code spans without
 * ever treating author text as HTML.
 */

export interface TextRun {
  text: string;
  /** True for a `code` span. */
  code: boolean;
}

/** Splits text into plain runs and `code` runs; an unmatched backtick stays plain text. */
export function inlineRuns(text: string): TextRun[] {
  return text
    .split(/`([^`]+)`/)
    .map((part, index) => ({ text: part, code: index % 2 === 1 }))
    .filter((run) => run.text !== '');
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char] ?? char);
}

/** Server side of `inlineRuns`: escaped HTML with <code> for the code spans, for Astro's set:html. */
export function inlineHtml(text: string): string {
  return inlineRuns(text)
    .map((run) => (run.code ? `<code>${escapeHtml(run.text)}</code>` : escapeHtml(run.text)))
    .join('');
}

/** Splits a multi-line YAML block (model answers) into paragraphs at blank lines. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

/** Browser side of `inlineRuns`: appends the runs to `parent` as text and <code> nodes. */
export function appendInline(parent: HTMLElement, text: string): void {
  for (const run of inlineRuns(text)) {
    if (run.code) {
      const code = document.createElement('code');
      code.textContent = run.text;
      parent.append(code);
    } else {
      parent.append(run.text);
    }
  }
}

/** An option quoted at the end of a sentence: “stored.”, not “stored.”. when the option ends a sentence itself. */
export function quoted(text: string): string {
  return /[.!?…]$/.test(text) ? `“${text}”` : `“${text}”.`;
}
