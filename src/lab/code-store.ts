/**
 * Remembers a learner's edits to each lab between visits.
 *
 * Stored shape (localStorage, one key per lab):
 *   key   "course-lab:v1:<labId>"
 *   value {"version":1,"code":"<the edited main.ts>","savedAt":"<ISO date>"}
 * Nothing is stored while the code equals the original. A value that is not valid JSON of that shape
 * (hand-edited, written by another version) is removed and the original code is used: bad storage
 * must never stop a lab from opening.
 */
const storageVersion = 1;

export interface SavedCode {
  version: typeof storageVersion;
  code: string;
  savedAt: string;
}

export function storageKey(labId: string): string {
  return `course-lab:v${storageVersion}:${labId}`;
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
  readonly #storage: Storage | null;

  constructor(labId: string, storage: Storage | null = defaultStorage()) {
    this.#key = storageKey(labId);
    this.#storage = storage;
  }

  /** The saved edit, or null when there is none or it was unreadable (and is now removed). */
  load(): string | null {
    try {
      const raw = this.#storage?.getItem(this.#key);
      if (raw == null) return null;
      const parsed: unknown = JSON.parse(raw);
      if (isSavedCode(parsed)) return parsed.code;
    } catch {
      // Fall through: unreadable JSON is treated like a wrong shape.
    }
    this.clear();
    return null;
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
