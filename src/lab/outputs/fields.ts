/**
 * Reads a message from the lab worker field by field, once, where it enters the page. The worker runs
 * the learner's code, which can post anything, so nothing it sends is trusted: each field is checked
 * for its type, unknown fields are refused, and the first problem throws an `InvalidMessageError` that
 * names the field. Text is cut and lists are shortened here to the caps of output-limit.ts, so a huge
 * string or list never reaches a renderer. Past this point the page uses the typed values as they are.
 */
import { cutText, outputLimits } from '../shared/output-limit.ts';

export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The names of a `Record<Name, …>` whose keys the compiler checks for completeness (e.g. log levels). */
export function namesOf<Name extends string>(record: Readonly<Record<Name, unknown>>): readonly Name[] {
  return Object.keys(record) as Name[];
}

export class Fields {
  readonly #record: Json;
  readonly #where: string;
  readonly #read = new Set<string>();

  /** `where` names the message in errors, e.g. 'output "table"'. */
  constructor(value: unknown, where: string) {
    if (!isRecord(value)) throw new InvalidMessageError(`${where} is not an object.`);
    this.#record = value;
    this.#where = where;
  }

  #take(name: string): unknown {
    this.#read.add(name);
    return this.#record[name];
  }

  #problem(name: string, expected: string): InvalidMessageError {
    const value = this.#record[name];
    const got = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
    return new InvalidMessageError(`${this.#where}: "${name}" should be ${expected}, not ${got}.`);
  }

  /** Text, cut to `maxChars` with a note saying how much was cut. */
  string(name: string, maxChars: number = outputLimits.textChars): string {
    const value = this.#take(name);
    if (typeof value !== 'string') throw this.#problem(name, 'text');
    return cutText(value, maxChars);
  }

  optionalString(name: string, maxChars?: number): string | undefined {
    return this.#take(name) === undefined ? undefined : this.string(name, maxChars);
  }

  /** A title, label, name or unit: short text. */
  label(name: string): string {
    return this.string(name, outputLimits.labelChars);
  }

  optionalLabel(name: string): string | undefined {
    return this.optionalString(name, outputLimits.labelChars);
  }

  /** Any number, NaN and ±Infinity included: what the program measured, shown as it is. */
  number(name: string): number {
    const value = this.#take(name);
    if (typeof value !== 'number') throw this.#problem(name, 'a number');
    return value;
  }

  nullableNumber(name: string): number | null {
    return this.#take(name) === null ? null : this.number(name);
  }

  optionalCount(name: string): number | undefined {
    return this.#take(name) === undefined ? undefined : this.count(name);
  }

  /** A whole number ≥ 0: ids and counts. */
  count(name: string): number {
    const value = this.number(name);
    if (!Number.isInteger(value) || value < 0) throw this.#problem(name, 'a whole number ≥ 0');
    return value;
  }

  boolean(name: string): boolean {
    const value = this.#take(name);
    if (typeof value !== 'boolean') throw this.#problem(name, 'true or false');
    return value;
  }

  oneOf<Name extends string>(name: string, allowed: readonly Name[]): Name {
    const value = this.#take(name);
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw new InvalidMessageError(`${this.#where}: "${name}" should be one of ${allowed.join(', ')}.`);
    }
    return value as Name;
  }

  optionalOneOf<Name extends string>(name: string, allowed: readonly Name[]): Name | undefined {
    return this.#take(name) === undefined ? undefined : this.oneOf(name, allowed);
  }

  /**
   * The first `maxItems` items of a list, each read by `item` (it throws for a bad one), and how many
   * were left unread.
   */
  cutList<T>(name: string, item: (value: unknown, where: string) => T, maxItems: number): { items: T[]; cut: number } {
    const value = this.#take(name);
    if (!Array.isArray(value)) throw this.#problem(name, 'a list');
    const kept: unknown[] = value.length > maxItems ? value.slice(0, maxItems) : value;
    return {
      items: kept.map((entry, index) => item(entry, `${this.#where}: ${name}[${index}]`)),
      cut: value.length - kept.length,
    };
  }

  /** A list whose items `item` reads, cut to `maxItems`. */
  list<T>(name: string, item: (value: unknown, where: string) => T, maxItems = Number.POSITIVE_INFINITY): T[] {
    return this.cutList(name, item, maxItems).items;
  }

  /** A list of labels (names, series), cut to `maxItems`. */
  strings(name: string, maxItems?: number): string[] {
    return this.list(
      name,
      (value, where) => {
        if (typeof value !== 'string') throw new InvalidMessageError(`${where} should be text.`);
        return cutText(value, outputLimits.labelChars);
      },
      maxItems,
    );
  }

  optionalStrings(name: string, maxItems?: number): string[] | undefined {
    return this.#take(name) === undefined ? undefined : this.strings(name, maxItems);
  }

  numbers(name: string, maxItems?: number): number[] {
    return this.list(
      name,
      (value, where) => {
        if (typeof value !== 'number') throw new InvalidMessageError(`${where} should be a number.`);
        return value;
      },
      maxItems,
    );
  }

  /** A nested object, read by `read` with the same rules (unknown fields refused). */
  object<T>(name: string, read: (fields: Fields) => T): T {
    return readFields(this.#take(name), `${this.#where}: ${name}`, read);
  }

  /** A field another reader checks (e.g. a message's output, read by its kind): marked read, returned as is. */
  handOver(name: string): unknown {
    return this.#take(name);
  }

  /** An object of numbers by name, e.g. one point of each line of a chart; past `maxKeys` names, the rest are left out. */
  numberRecord(name: string, maxKeys = Number.POSITIVE_INFINITY): Record<string, number> {
    const value = this.#take(name);
    if (!isRecord(value)) throw this.#problem(name, 'an object');
    const numbers: Record<string, number> = {};
    let kept = 0;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (kept++ >= maxKeys) break;
      const entry = value[key];
      if (typeof entry !== 'number')
        throw new InvalidMessageError(`${this.#where}: ${name}["${cutText(key, outputLimits.labelChars)}"] should be a number.`);
      numbers[key] = entry;
    }
    return numbers;
  }

  /** Refuses fields nobody read: a misspelt or unexpected field is a bug on the sending side. */
  finish(): void {
    const unknown = Object.keys(this.#record).filter((key) => !this.#read.has(key));
    if (unknown.length > 0)
      throw new InvalidMessageError(
        `${this.#where} has unexpected field${unknown.length === 1 ? '' : 's'} ${unknown.map((key) => `"${key}"`).join(', ')}.`,
      );
  }
}

/** Reads `value` with `read` and refuses fields `read` did not look at. */
export function readFields<T>(value: unknown, where: string, read: (fields: Fields) => T): T {
  const fields = new Fields(value, where);
  const result = read(fields);
  fields.finish();
  return result;
}
