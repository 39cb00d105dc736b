/**
 * The learner's progress, kept in this browser under one localStorage key. Nothing leaves the browser.
 *
 * Stored JSON (version 1):
 * ```json
 * {
 *   "version": 1,
 *   "quizzes": { "<quizId>": { "<questionId>": { "choice": "b", "correct": true, "answeredAt": "2026-11-22T20:05:39.000Z" } } },
 *   "drafts":  { "<quizId>/<questionId>": "the learner's own answer to a scenario, written before choosing" },
 *   "visited": { "<lessonId, e.g. week-6/applied-scenarios>": "2026-11-22T20:05:39.000Z" }
 * }
 * ```
 * - `quizzes` holds the first answer checked per question; "Try again" deletes it.
 * - `visited` holds the time of the latest visit to each lesson page.
 *
 * What is read is validated, never trusted: JSON that does not parse, a wrong shape or a version this code
 * does not know resets progress to empty (and the page says so) instead of crashing it. A future version 2
 * adds a migration from 1 in `parseProgress` rather than throwing old progress away.
 */

export const PROGRESS_KEY = 'gpu-course:progress';
export const PROGRESS_VERSION = 1;

export interface AnswerRecord {
  /** The id of the option the learner checked. */
  choice: string;
  /** Whether that option was the right one when it was checked. */
  correct: boolean;
  /** ISO 8601 time of the check. */
  answeredAt: string;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  /** quizId → questionId → the answer checked. */
  quizzes: Record<string, Record<string, AnswerRecord>>;
  /** "quizId/questionId" → the learner's own written answer to a scenario. */
  drafts: Record<string, string>;
  /** lessonId → ISO 8601 time of the latest visit. */
  visited: Record<string, string>;
}

/** How reading went: nothing stored yet, stored progress read, or stored progress unreadable and reset. */
export type ReadStatus = 'empty' | 'loaded' | 'reset';

/** The part of the Web Storage API the store needs, so tests can pass a plain object. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, quizzes: {}, drafts: {}, visited: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecordOf<T>(value: unknown, isItem: (item: unknown) => item is T): value is Record<string, T> {
  return isRecord(value) && Object.values(value).every(isItem);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

export function isAnswerRecord(value: unknown): value is AnswerRecord {
  return isRecord(value) && isString(value.choice) && typeof value.correct === 'boolean' && isIsoDate(value.answeredAt);
}

function isQuizAnswers(value: unknown): value is Record<string, AnswerRecord> {
  return isRecordOf(value, isAnswerRecord);
}

/** A hand-written guard rather than zod: this runs in every page, where a schema library would outweigh the rest. */
export function isProgress(value: unknown): value is Progress {
  return (
    isRecord(value) &&
    value.version === PROGRESS_VERSION &&
    isRecordOf(value.quizzes, isQuizAnswers) &&
    isRecordOf(value.drafts, isString) &&
    isRecordOf(value.visited, isIsoDate)
  );
}

function draftKey(quizId: string, questionId: string): string {
  return `${quizId}/${questionId}`;
}

/** The learner's own written answer to a scenario question; empty when there is none. */
export function draftOf(progress: Progress, quizId: string, questionId: string): string {
  return progress.drafts[draftKey(quizId, questionId)] ?? '';
}

/** Turns what localStorage holds into progress; never throws. */
export function parseProgress(raw: string | null): { progress: Progress; status: ReadStatus } {
  if (raw === null) return { progress: emptyProgress(), status: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { progress: emptyProgress(), status: 'reset' };
  }
  // Only version 1 exists, so any other version (older, newer or missing) cannot be read safely.
  if (!isProgress(value)) return { progress: emptyProgress(), status: 'reset' };
  return { progress: value, status: 'loaded' };
}

/**
 * Reads and writes progress. Every change reads storage afresh first, so a second tab (or a second copy of
 * this code on the page) never has its changes overwritten by a stale copy. When storage is missing or
 * refuses to write (disabled, private mode, quota), progress lives in memory for the rest of the page.
 */
export class ProgressStore {
  #storage: ProgressStorage | null;
  #memory: Progress = emptyProgress();
  #listeners = new Set<(progress: Progress) => void>();
  #wasReset = false;

  constructor(storage: ProgressStorage | null) {
    this.#storage = storage;
    this.read();
  }

  /** True once unreadable progress has been found and replaced by empty progress. */
  get wasReset(): boolean {
    return this.#wasReset;
  }

  read(): Progress {
    if (!this.#storage) return this.#memory;
    let raw: string | null;
    try {
      raw = this.#storage.getItem(PROGRESS_KEY);
    } catch {
      this.#storage = null;
      return this.#memory;
    }
    const { progress, status } = parseProgress(raw);
    this.#memory = progress;
    if (status === 'reset') {
      this.#wasReset = true;
      this.#write(progress);
    }
    return progress;
  }

  recordAnswer(quizId: string, questionId: string, choice: string, correct: boolean, now = new Date()): void {
    this.#change((progress) => {
      progress.quizzes[quizId] = { ...progress.quizzes[quizId], [questionId]: { choice, correct, answeredAt: now.toISOString() } };
    });
  }

  clearAnswer(quizId: string, questionId: string): void {
    this.#change((progress) => {
      const answers = progress.quizzes[quizId];
      if (answers) delete answers[questionId];
    });
  }

  clearQuiz(quizId: string): void {
    this.#change((progress) => {
      delete progress.quizzes[quizId];
    });
  }

  saveDraft(quizId: string, questionId: string, text: string): void {
    this.#change((progress) => {
      const key = draftKey(quizId, questionId);
      if (text.trim()) progress.drafts[key] = text;
      else delete progress.drafts[key];
    });
  }

  recordVisit(lessonId: string, now = new Date()): void {
    this.#change((progress) => {
      progress.visited[lessonId] = now.toISOString();
    });
  }

  /** Forgets every answer, draft and visit. */
  resetAll(): void {
    this.#change((progress) => Object.assign(progress, emptyProgress()));
  }

  /** Calls `listener` after every change made through this store; returns a function that stops it. */
  subscribe(listener: (progress: Progress) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells listeners about a change made elsewhere (another tab). */
  notify(): void {
    const progress = this.read();
    for (const listener of this.#listeners) listener(progress);
  }

  #change(apply: (progress: Progress) => void): void {
    const progress = this.read();
    apply(progress);
    this.#write(progress);
    for (const listener of this.#listeners) listener(progress);
  }

  #write(progress: Progress): void {
    this.#memory = progress;
    if (!this.#storage) return;
    try {
      this.#storage.setItem(PROGRESS_KEY, JSON.stringify(progress));
    } catch {
      // Storage refused the write: keep going in memory, where the rest of this visit still counts.
      this.#storage = null;
    }
  }
}
