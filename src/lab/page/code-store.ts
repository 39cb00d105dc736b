/**
 * Remembers a learner's edits to each lab between visits.
 *
 * Stored shape (localStorage, one key per lab):
 *   key   "course-lab:v1:<labId>"
 *   value {"version":1,"code":"<the edited main.ts>","savedAt":"<ISO date>"}
 * Nothing is stored while the code equals the original. A value that is not valid JSON of that shape
 * (hand-edited, written by another version) is never used and never deleted: it moves to
 * "course-lab:aside:<labId>" and `setAside` hands it to the page, which says so and shows it, while the
 * lab opens with its original code. Bad storage must never stop a lab from opening, nor lose an edit.
 * Both keys carry the site's base path under a sub-path (src/lab/shared/site-scoped-name.ts).
 */
import { siteScopedName } from '../shared/site-scoped-name.ts';

const storageVersion = 1;

export interface SavedCode {
  version: typeof storageVersion;
  code: string;
  savedAt: string;
}

export function storageKey(labId: string): string {
  return siteScopedName(`course-lab:v${storageVersion}:${labId}`);
}

/** Where a saved value this code cannot read is kept. */
export function asideKey(labId: string): string {
  return siteScopedName(`course-lab:aside:${labId}`);
}

/** The code inside a value set aside, when it has a `code` text field; otherwise the value as stored. */
export function codeInAside(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string')
      return (value as { code: string }).code;
  } catch {
    // Not JSON: the stored text is all there is.
  }
  return raw;
}

function isSavedCode(value: unknown): value is SavedCode {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.version === storageVersion && typeof record.code === 'string' && typeof record.savedAt === 'string';
}

function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage can be disabled (privacy settings): then edits last as long as the page.
    return null;
  }
}

export class CodeStore {
  readonly #key: string;
  readonly #asideKey: string;
  readonly #storage: Storage | null;
  #setAside: string | null = null;

  constructor(labId: string, storage: Storage | null = defaultStorage()) {
    this.#key = storageKey(labId);
    this.#asideKey = asideKey(labId);
    this.#storage = storage;
  }

  /** What `load` found and could not use, exactly as stored (now under `asideKey`); null when nothing. */
  get setAside(): string | null {
    return this.#setAside;
  }

  /** The saved edit, or null when there is none or it was unreadable (and is now set aside). */
  load(): string | null {
    let raw: string | null | undefined;
    try {
      raw = this.#storage?.getItem(this.#key);
      if (raw == null) return null;
      const parsed: unknown = JSON.parse(raw);
      if (isSavedCode(parsed)) return parsed.code;
    } catch {
      // Fall through: unreadable JSON is treated like a wrong shape.
    }
    if (raw != null) this.#keepAside(raw);
    return null;
  }

  #keepAside(raw: string): void {
    this.#setAside = raw;
    try {
      this.#storage?.setItem(this.#asideKey, raw);
      this.#storage?.removeItem(this.#key);
    } catch {
      // No room to move it: it stays where it is until the next save, and the page has shown it.
    }
  }

  /** Saves `code`, or forgets the edit when it equals `original`. Returns false when storage refused. */
  save(code: string, original: string): boolean {
    if (code === original) {
      this.clear();
      return true;
    }
    const value: SavedCode = { version: storageVersion, code, savedAt: new Date().toISOString() };
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(value));
      return this.#storage !== null;
    } catch {
      // Quota exceeded or storage disabled: the editor keeps the code; the page says it is not saved.
      return false;
    }
  }

  clear(): void {
    try {
      this.#storage?.removeItem(this.#key);
    } catch {
      // Nothing to clean up if storage is unavailable.
    }
  }
}
