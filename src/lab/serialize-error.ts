/**
 * Prepares whatever a lab program threw for the trip to the page. Stack frames that point into the
 * program's blob: modules are renamed `lab:<file>`, so the page can find them and map them back to
 * TypeScript lines with the source maps it made when transpiling.
 */
import type { SerializedError } from './protocol.ts';
import { formatValue } from './format-value.ts';

export function serializeError(thrown: unknown, fileByUrl: ReadonlyMap<string, string>): SerializedError {
  if (thrown instanceof Error) {
    let stack = thrown.stack ?? '';
    for (const [url, file] of fileByUrl) stack = stack.replaceAll(url, `lab:${file}`);
    return { name: thrown.name, message: thrown.message, stack };
  }
  let shown: string;
  try {
    shown = formatValue(thrown);
  } catch {
    shown = typeof thrown;
  }
  return {
    name: 'Error',
    message: `The program threw a value that is not an Error: ${shown}. Throw new Error('…') to get a line number.`,
    stack: '',
  };
}
