/**
 * A setting at the top of main.ts that must be one of a few names. Its type already makes a typo an error
 * in the editor; this check stops the run too, since types are erased when the program runs, and a
 * misspelt choice must not quietly run something else for minutes.
 */

/** `value` when it is one of `allowed`; otherwise throws, naming the setting and every valid choice. */
export function oneOf<Name extends string>(setting: string, value: string, allowed: readonly Name[]): Name {
  if ((allowed as readonly string[]).includes(value)) return value as Name;
  const choices = allowed.map((name) => `'${name}'`).join(', ');
  throw new RangeError(`${setting} is '${value}', which is not one of ${choices}. Fix it at the top of main.ts, then press Run.`);
}
