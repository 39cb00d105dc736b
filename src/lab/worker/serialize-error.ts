/**
 * Prepares whatever a lab program threw for the trip to the page. Stack frames that point into the
 * program's blob: modules are renamed `lab:<file>`, so the page can find them and map them back to
 * TypeScript lines with the source maps it made when transpiling.
 *
 * A program can throw anything: an Error whose message is not text, a Proxy whose every trap throws, a
 * 30 MB string. This never throws, makes plain strings only (postMessage can always copy them), and cuts
 * long ones, so the page always hears how a run ended, and hears it as what was thrown.
 */
import type { SerializedError } from '../shared/protocol.ts';
import { formatValue } from './format-value.ts';
import { cutText, outputLimits } from '../shared/output-limit.ts';

/** What reading a value threw, as a short phrase. */
function problemText(problem: unknown): string {
  try {
    return problem instanceof Error ? `${problem.name}: ${problem.message}` : String(problem);
  } catch {
    return 'an unreadable value';
  }
}

/** A value shown as text, whatever it is. */
function shown(value: unknown): string {
  try {
    return formatValue(value);
  } catch {
    try {
      return String(value);
    } catch {
      return `a value of type ${typeof value}`;
    }
  }
}

/** One property of the thrown value, as text; `fallback` when it is missing. */
function property(read: () => unknown, fallback: string): string {
  try {
    const value = read();
    if (value === undefined) return fallback;
    return typeof value === 'string' ? value : shown(value);
  } catch (problem) {
    return `(unreadable: ${problemText(problem)})`;
  }
}

function bounded(error: SerializedError): SerializedError {
  return {
    name: cutText(error.name, outputLimits.labelChars),
    message: cutText(error.message, outputLimits.textChars),
    stack: cutText(error.stack, outputLimits.textChars),
  };
}

export function serializeError(thrown: unknown, fileByUrl: ReadonlyMap<string, string>): SerializedError {
  let isError: boolean;
  try {
    isError = thrown instanceof Error;
  } catch (problem) {
    // A Proxy whose prototype trap throws, for one.
    return {
      name: 'Error',
      message: `The program threw a value that cannot be inspected (looking at it threw ${problemText(problem)}). Throw new Error('…') to get a line number.`,
      stack: '',
    };
  }
  if (isError) {
    const error = thrown as Error;
    const name = property(() => error.name, 'Error');
    const message = property(() => error.message, '');
    let stack = property(() => error.stack, '');
    // V8 starts the stack with "Name: message"; the page has those, and a long message would crowd out the frames.
    const header = message ? `${name}: ${message}` : name;
    if (stack.startsWith(header)) stack = stack.slice(header.length).replace(/^\n/, '');
    for (const [url, file] of fileByUrl) stack = stack.replaceAll(url, `lab:${file}`);
    return bounded({ name, message, stack });
  }
  return bounded({
    name: 'Error',
    message: `The program threw a value that is not an Error: ${shown(thrown)}. Throw new Error('…') to get a line number.`,
    stack: '',
  });
}
