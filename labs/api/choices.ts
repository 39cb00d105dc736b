/**
 * Settings at the top of main.ts that must be one of a few names. Their type already makes a typo an
 * error in the editor; main.ts checks them again when the program runs, since types are erased by then,
 * and a misspelt choice must not quietly run something else for minutes.
 */

/** Why `value` is not a valid `setting`: the message names every valid choice and where to fix it. */
export function notOneOf(setting: string, value: string, allowed: readonly string[]): string {
  const choices = allowed.map((name) => `'${name}'`).join(', ');
  return `${setting} is '${value}', which is not one of ${choices}. Fix it at the top of main.ts, then press Run.`;
}
