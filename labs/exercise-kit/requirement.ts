/**
 * Small helpers for writing checks: a requirement in one line, and numbers and counts worded the way the
 * messages need them ("read back 24 times", "0.05 ms"). Checks import them as '../exercise-kit/…'.
 */
import type { Requirement } from '../api/exercise';

/**
 * One requirement. `failMessage` says what is wrong and by how much; `passMessage` (default: the label)
 * what was observed when it holds.
 */
export function requirement(id: string, label: string, passed: boolean, failMessage: string, passMessage?: string): Requirement {
  return { id, label, passed, message: passed ? (passMessage ?? `${label}.`) : failMessage };
}

/** A requirement that cannot be judged yet because an earlier one failed; it counts as failed. */
export function blocked(id: string, label: string, because: string): Requirement {
  return { id, label, passed: false, message: `Not checked yet: ${because}` };
}

/** "1 time", "24 times": a count with its noun, singular or plural. */
export function count(value: number, noun: string, plural = `${noun}s`): string {
  return `${value.toLocaleString('en')} ${value === 1 ? noun : plural}`;
}

/**
 * A number for a message: whole numbers exactly ("65,536"), others to `digits` significant digits ("0.05",
 * "32.8"), with an exponent only for the very small or very large ("5.96e-8", "7.86e+9").
 */
export function num(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e9))
    return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  if (Number.isInteger(value)) return value.toLocaleString('en');
  return Number(value.toPrecision(digits)).toLocaleString('en', { maximumFractionDigits: 20 });
}

/** Milliseconds for a message: "4.05 ms". */
export function ms(value: number): string {
  return `${num(value)} ms`;
}

/** A short, readable rendering of any value the program returned or exported, for messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return num(value, 6);
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}…` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
