/**
 * The one reader of JSON fields for the files the course reads where they enter a page: the CNN lab's
 * results file (results-file.ts) and the companion notebook's (src/cnn-results/). Each field is read once,
 * under its path (`runs[1].seconds`), and a wrong one throws the format's own error naming the path, what
 * it should be and what it is: `"rows[2].images/s" should be a number above 0, but it is "fast".`
 */

/** Makes the format's error (ResultsFileError, NotebookResultsError…) from a message. */
export type FieldErrorOf = (message: string) => Error;

/** A value as a message shows it: short, and never the whole of a large object. */
export function shown(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** Throws the format's error for the field at `path`. */
export function wrongField(errorOf: FieldErrorOf, path: string, expected: string, value: unknown): never {
  throw errorOf(`"${path}" should be ${expected}, but it is ${shown(value)}.`);
}

const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface NumberRange {
  min?: number;
  max?: number;
  /** Strictly above `min`. */
  above?: boolean;
  integer?: boolean;
}

/** Reads the fields of one JSON object, each under its path (e.g. runs[1].seconds) for the messages. */
export class Fields {
  readonly #object: Record<string, unknown>;
  readonly #path: string;
  readonly #errorOf: FieldErrorOf;

  /** `expected` says what the object is, for the message when it is none ("an object (one saved run)"). */
  constructor(value: unknown, path: string, errorOf: FieldErrorOf, expected = 'an object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) wrongField(errorOf, path, expected, value);
    this.#object = value as Record<string, unknown>;
    this.#path = path;
    this.#errorOf = errorOf;
  }

  #at(key: string): string {
    return this.#path ? `${this.#path}.${key}` : key;
  }

  /** Throws the format's error for the field `key`. */
  wrong(key: string, expected: string, value: unknown): never {
    return wrongField(this.#errorOf, this.#at(key), expected, value);
  }

  value(key: string): { path: string; value: unknown } {
    return { path: this.#at(key), value: this.#object[key] };
  }

  string(key: string, maxLength = 200): string {
    const value = this.#object[key];
    if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
      this.wrong(key, `a text of 1 to ${maxLength} characters`, value);
    }
    return value;
  }

  nullableString(key: string): string | null {
    return this.#object[key] === null ? null : this.string(key);
  }

  boolean(key: string): boolean {
    const value = this.#object[key];
    if (typeof value !== 'boolean') this.wrong(key, 'true or false', value);
    return value;
  }

  number(key: string, { min = 0, max = Number.MAX_SAFE_INTEGER, above = false, integer = false }: NumberRange = {}): number {
    const value = this.#object[key];
    const kind = integer ? 'a whole number' : 'a number';
    const range = above ? `above ${min}` : max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (integer && !Number.isInteger(value)) ||
      (above ? value <= min : value < min) ||
      value > max
    ) {
      this.wrong(key, `${kind} ${range}`, value);
    }
    return value;
  }

  nullableNumber(key: string): number | null {
    return this.#object[key] === null ? null : this.number(key);
  }

  /** An ISO 8601 date and time with its zone, e.g. "2026-03-02T09:00:00Z". */
  date(key: string): string {
    const value = this.#object[key];
    if (typeof value !== 'string' || !isoDate.test(value) || Number.isNaN(Date.parse(value))) {
      this.wrong(key, 'a date and time such as "2026-03-02T09:00:00Z"', value);
    }
    return value;
  }

  oneOf<T extends string>(key: string, options: readonly T[]): T {
    const value = this.#object[key];
    if (!options.includes(value as T)) this.wrong(key, options.map((option) => JSON.stringify(option)).join(' or '), value);
    return value as T;
  }

  object(key: string): Fields {
    const { path, value } = this.value(key);
    return new Fields(value, path, this.#errorOf);
  }

  list<T>(key: string, read: (item: unknown, path: string) => T, { min = 0, max = 1000 } = {}): T[] {
    const { path, value } = this.value(key);
    if (!Array.isArray(value) || value.length < min || value.length > max) {
      this.wrong(key, min > 0 ? `a list of ${min} to ${max} entries` : `a list of at most ${max} entries`, value);
    }
    return value.map((item, index) => read(item, `${path}[${index}]`));
  }
}
