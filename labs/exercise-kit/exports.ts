/**
 * Reading the learner's exports safely. A check receives main.ts as `program`, a record of unknown
 * values: the learner may have renamed, removed or retyped any of them, and the check must say so instead
 * of crashing.
 */
import type { Requirement } from '../api/exercise';

/** Any function: the check names the signature it expects, calls it with arguments of its choosing and checks what comes back. */
type AnyFunction = (...args: never[]) => unknown;

/** What a check found under one export name: the value when it has the expected type, or a failed requirement saying why not. */
export type Found<T> = { ok: true; value: T } | { ok: false; requirement: Requirement };

function exportNames(program: Readonly<Record<string, unknown>>): string {
  const names = Object.keys(program).filter((name) => name !== 'default');
  return names.length === 0 ? 'main.ts has no named exports' : `main.ts exports ${names.join(', ')}`;
}

function missing(program: Readonly<Record<string, unknown>>, name: string, what: string, example: string): Requirement {
  const value = program[name];
  const problem = value === undefined ? `main.ts does not export ${name}` : `main.ts exports ${name}, but as ${typeof value}`;
  return {
    id: `exports-${name}`,
    label: `main.ts exports ${what} named ${name}`,
    passed: false,
    message: `${problem} (${exportNames(program)}). Keep it as in the starter: ${example}.`,
  };
}

/** The exported function `name`, or a failed requirement naming what main.ts exports instead. */
export function exportedFunction<F extends AnyFunction>(program: Readonly<Record<string, unknown>>, name: string): Found<F> {
  const value = program[name];
  return typeof value === 'function'
    ? { ok: true, value: value as F }
    : { ok: false, requirement: missing(program, name, 'a function', `export function ${name}(…) { … }`) };
}

/** The exported object `name` (not null, not an array), or a failed requirement. */
export function exportedObject(
  program: Readonly<Record<string, unknown>>,
  name: string,
): Found<Readonly<Record<string, unknown>>> {
  const value = program[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { ok: true, value: value as Readonly<Record<string, unknown>> }
    : { ok: false, requirement: missing(program, name, 'an object', `export const ${name} = { … };`) };
}
