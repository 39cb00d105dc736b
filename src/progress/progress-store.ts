import { siteScopedName } from '../lab/index.ts';

/**
 * The learner's progress, kept in this browser in localStorage. Nothing leaves the browser.
 *
 * Stored JSON under `progressKeys().progress` ("gpu-course:progress", or "gpu-course:progress@/gpu-course/"
 * for a copy of the course under that base path; see src/lab/shared/site-scoped-name.ts), version 4:
 * ```json
 * {
 *   "version": 4,
 *   "quizzes": { "<quizId>": { "<questionId>": { "choice": "b", "correct": true, "answeredAt": "2026-11-22T20:05:39.000Z" } } },
 *   "drafts":  { "<quizId>/<questionId>": "the learner's own answer to a scenario, written before choosing" },
 *   "visited": { "<lessonId, e.g. week-6/applied-scenarios>": "2026-11-22T20:05:39.000Z" },
 *   "exercises": { "<exerciseId>": { "passedAt": "2026-11-29T20:05:39.000Z", "solutionShownAt": "2026-11-29T19:58:02.000Z" } },
 *   "missed":  { "<quizId>": { "<questionId>": { "choice": "a", "missedAt": "2026-11-22T20:04:10.000Z" } } },
 *   "predictions": { "<predictionId, e.g. matmul-crossover>": { "value": 256, "why": "GPUs need big work", "predictedAt": "2026-12-07T13:05:39.000Z",
 *                    "measured": { "value": 512, "unit": "n", "measuredAt": "2026-12-07T13:07:02.000Z" } } }
 * }
 * ```
 * - `quizzes` holds the first answer checked per question; "Try again" deletes it.
 * - `visited` holds the time of the latest visit to each lesson page.
 * - `exercises` holds, per exercise, when its checks first all passed and when the learner chose to see the
 *   solution; either may be missing. A pass after the solution was shown still counts, marked as such.
 * - `missed` holds, per question, the latest wrong answer checked and when. "Try again" and "Try the whole
 *   quiz again" leave it, so the unit's review can bring the question back (src/progress/review-selection.ts);
 *   a later right answer does not erase it either: the review compares the two times.
 * - `predictions` holds, per prompt (`data-prediction` in a lesson, src/components/Prediction.astro), the
 *   learner's latest prediction, its optional reason, and the latest figure a run measured after it
 *   (`lab.measured`); `why` and `measured` may be missing.
 *
 * Versions: 1 had no `exercises`; 2 had no `missed`; 3 had no `predictions`. Older progress is migrated on
 * read (`migrations` below), one version at a time, and nothing is dropped: 1 → 2 starts `exercises` empty;
 * 2 → 3 starts `missed` from the wrong answers still stored; 3 → 4 starts `predictions` empty. The next
 * write stores version 4.
 *
 * Progress is never lost in silence:
 * - What is read is validated entry by entry: a damaged answer, draft or visit is left out and the others
 *   are kept. Before the store writes over anything it could not read in full, it keeps exactly what was
 *   stored as a backup (see `ProgressBackup`), which the home page offers to download or restore.
 * - Progress written by a newer version of the course (a higher `version`) is shown as far as this code
 *   understands it, but never written over: the store works in memory and says so.
 * - When storage is disabled, or refuses a write (full), the store works in memory and says so
 *   (`saveProblem`), and the page shows a notice.
 */

export const PROGRESS_VERSION = 4;
/** How many backups are kept; the oldest goes first. */
export const MAX_BACKUPS = 5;

/** Where this copy of the course keeps progress and its backups (one pair per base path). */
export interface ProgressKeys {
  progress: string;
  backups: string;
}

export function progressKeys(base?: string): ProgressKeys {
  return { progress: siteScopedName('gpu-course:progress', base), backups: siteScopedName('gpu-course:progress-backups', base) };
}

export interface AnswerRecord {
  /** The id of the option the learner checked. */
  choice: string;
  /** Whether that option was the right one when it was checked. */
  correct: boolean;
  /** ISO 8601 time of the check. */
  answeredAt: string;
}

export interface ExerciseRecord {
  /** ISO 8601 time the exercise's checks first all passed. */
  passedAt?: string;
  /** ISO 8601 time the learner confirmed they wanted to see the solution. */
  solutionShownAt?: string;
}

export interface MissedRecord {
  /** The id of the wrong option the learner checked, the latest time they got the question wrong. */
  choice: string;
  /** ISO 8601 time of that check. */
  missedAt: string;
}

export interface MeasurementRecord {
  /** What a run measured (`lab.measured`), or null when it found none. */
  value: number | null;
  /** Its unit as the lab wrote it, e.g. "×". */
  unit: string;
  /** ISO 8601 time the page received it. */
  measuredAt: string;
}

export interface PredictionRecord {
  /** The learner's number, in the prompt's unit. */
  value: number;
  /** Why they think so, in their own words, when they wrote it. */
  why?: string;
  /** ISO 8601 time the prediction was saved. */
  predictedAt: string;
  /** The latest figure a run measured after the prediction. */
  measured?: MeasurementRecord;
}

export interface Progress {
  version: typeof PROGRESS_VERSION;
  /** quizId → questionId → the answer checked. */
  quizzes: Record<string, Record<string, AnswerRecord>>;
  /** "quizId/questionId" → the learner's own written answer to a scenario. */
  drafts: Record<string, string>;
  /** lessonId → ISO 8601 time of the latest visit. */
  visited: Record<string, string>;
  /** exerciseId → when it passed and when its solution was shown. */
  exercises: Record<string, ExerciseRecord>;
  /** quizId → questionId → the latest wrong answer, kept when the answer itself is cleared. */
  missed: Record<string, Record<string, MissedRecord>>;
  /** predictionId → the learner's prediction and the measurement beside it. */
  predictions: Record<string, PredictionRecord>;
}

/**
 * How reading went:
 * - `empty`: nothing stored yet; `loaded`: every entry read;
 * - `repaired`: a version this code reads, but some entries could not be read; `dropped` names them (e.g. "quizzes.q1.a");
 * - `migrated`: every entry read from an older version (`from`), brought up to this one;
 * - `unreadable`: not JSON, not an object, or no version this code knows how to read;
 * - `newer`: written by a newer version of the course; `progress` holds what this code could read of it.
 */
export type ReadResult =
  | { status: 'empty' | 'loaded'; progress: Progress }
  | { status: 'repaired'; progress: Progress; dropped: string[] }
  | { status: 'migrated'; progress: Progress; from: number }
  | { status: 'unreadable'; progress: Progress }
  | { status: 'newer'; progress: Progress; version: number };

/** Why changes live in memory only: storage unavailable, storage refused a write, or a newer version's data. */
export type SaveProblem = 'unavailable' | 'refused' | 'newer-version';

/** What this page found wrong with stored progress, for the notice. */
export type ReadProblem =
  | { kind: 'repaired'; dropped: number; backupKept: boolean }
  | { kind: 'unreadable'; backupKept: boolean }
  | { kind: 'newer'; version: number };

/**
 * A copy of stored progress made before the store wrote over it. Stored under `progressKeys().backups` as
 * `{ "version": 1, "backups": [ProgressBackup, …] }`, oldest first, at most MAX_BACKUPS.
 */
export interface ProgressBackup {
  /** Stable id, for restore and delete. */
  id: string;
  /** ISO 8601 time the copy was made (free text if the copy itself was damaged). */
  keptAt: string;
  /** Why: the stored progress could not be read at all, or only in part. */
  reason: 'unreadable' | 'repaired';
  /** Exactly what was stored. */
  raw: string;
}

/** The part of the Web Storage API the store needs, so tests can pass a plain object. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function emptyProgress(): Progress {
  return { version: PROGRESS_VERSION, quizzes: {}, drafts: {}, visited: {}, exercises: {}, missed: {}, predictions: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function isAnswerRecord(value: unknown): value is AnswerRecord {
  return isRecord(value) && typeof value.choice === 'string' && typeof value.correct === 'boolean' && isIsoDate(value.answeredAt);
}

export function isMissedRecord(value: unknown): value is MissedRecord {
  return isRecord(value) && typeof value.choice === 'string' && isIsoDate(value.missedAt) && Object.keys(value).length === 2;
}

export function isExerciseRecord(value: unknown): value is ExerciseRecord {
  return (
    isRecord(value) &&
    Object.keys(value).length > 0 &&
    Object.entries(value).every(([key, time]) => (key === 'passedAt' || key === 'solutionShownAt') && isIsoDate(time))
  );
}

function isMeasurementRecord(value: unknown): value is MeasurementRecord {
  return (
    isRecord(value) &&
    (value.value === null || (typeof value.value === 'number' && Number.isFinite(value.value))) &&
    typeof value.unit === 'string' &&
    isIsoDate(value.measuredAt) &&
    Object.keys(value).length === 3
  );
}

export function isPredictionRecord(value: unknown): value is PredictionRecord {
  if (!isRecord(value) || typeof value.value !== 'number' || !Number.isFinite(value.value) || !isIsoDate(value.predictedAt))
    return false;
  if (value.why !== undefined && typeof value.why !== 'string') return false;
  if (value.measured !== undefined && !isMeasurementRecord(value.measured)) return false;
  return Object.keys(value).every((key) => ['value', 'why', 'predictedAt', 'measured'].includes(key));
}

/** The entries of `section` that pass `isItem`; the names of the others go to `dropped`. */
function validEntries<T>(
  section: unknown,
  name: string,
  isItem: (item: unknown) => item is T,
  dropped: string[],
): Record<string, T> {
  const kept: Record<string, T> = {};
  if (section === undefined) return kept;
  if (!isRecord(section)) {
    dropped.push(name);
    return kept;
  }
  for (const [key, item] of Object.entries(section)) {
    if (isItem(item)) kept[key] = item;
    else dropped.push(`${name}.${key}`);
  }
  return kept;
}

const knownFields = new Set(['version', 'quizzes', 'drafts', 'visited', 'exercises', 'missed', 'predictions']);

/**
 * How to bring progress of an older version up to this one, by the version it was written by. Each step
 * takes the stored object and returns the next version's; `salvageProgress` then validates the result.
 */
const migrations: Record<number, (value: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2: exercises arrived; everything else means the same.
  1: (value) => ({ ...value, version: 2, exercises: {} }),
  // 2 → 3: missed arrived. The wrong answers still stored are the misses version 2 knew of; a miss that
  // "Try again" had already cleared was not stored anywhere, so there is nothing more to recover.
  2: (value) => ({ ...value, version: 3, missed: missedFromAnswers(value.quizzes) }),
  // 3 → 4: predictions arrived; version 3 asked for none, so there is nothing to carry over.
  3: (value) => ({ ...value, version: 4, predictions: {} }),
};

/** The wrong answers among stored `quizzes`, as `missed` records; anything unreadable is left to validation. */
function missedFromAnswers(quizzes: unknown): Record<string, Record<string, MissedRecord>> {
  const missed: Record<string, Record<string, MissedRecord>> = {};
  if (!isRecord(quizzes)) return missed;
  for (const [quizId, answers] of Object.entries(quizzes)) {
    if (!isRecord(answers)) continue;
    for (const [questionId, answer] of Object.entries(answers)) {
      if (isAnswerRecord(answer) && !answer.correct)
        (missed[quizId] ??= {})[questionId] = { choice: answer.choice, missedAt: answer.answeredAt };
    }
  }
  return missed;
}

/**
 * Every readable entry of a progress object, whatever its version says, and the names of the entries
 * left out. A hand-written check rather than zod: this runs in every page, where a schema library would
 * outweigh the rest.
 */
function salvageProgress(value: Record<string, unknown>): { progress: Progress; dropped: string[] } {
  const dropped: string[] = [];
  const progress = emptyProgress();
  const quizzes = isRecord(value.quizzes) ? value.quizzes : value.quizzes === undefined ? {} : (dropped.push('quizzes'), {});
  for (const [quizId, answers] of Object.entries(quizzes)) {
    const kept = validEntries(answers, `quizzes.${quizId}`, isAnswerRecord, dropped);
    if (Object.keys(kept).length > 0) progress.quizzes[quizId] = kept;
  }
  progress.drafts = validEntries(value.drafts, 'drafts', (item): item is string => typeof item === 'string', dropped);
  progress.visited = validEntries(value.visited, 'visited', isIsoDate, dropped);
  progress.exercises = validEntries(value.exercises, 'exercises', isExerciseRecord, dropped);
  const missed = isRecord(value.missed) ? value.missed : value.missed === undefined ? {} : (dropped.push('missed'), {});
  for (const [quizId, records] of Object.entries(missed)) {
    const kept = validEntries(records, `missed.${quizId}`, isMissedRecord, dropped);
    if (Object.keys(kept).length > 0) progress.missed[quizId] = kept;
  }
  progress.predictions = validEntries(value.predictions, 'predictions', isPredictionRecord, dropped);
  for (const field of Object.keys(value)) if (!knownFields.has(field)) dropped.push(field);
  return { progress, dropped };
}

/** Turns what localStorage holds into progress; never throws. */
export function parseProgress(raw: string | null): ReadResult {
  if (raw === null) return { status: 'empty', progress: emptyProgress() };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { status: 'unreadable', progress: emptyProgress() };
  }
  if (!isRecord(value)) return { status: 'unreadable', progress: emptyProgress() };
  const { version } = value;
  if (typeof version === 'number' && Number.isInteger(version) && version > PROGRESS_VERSION) {
    return { status: 'newer', progress: salvageProgress(value).progress, version };
  }
  // Without a version this code knows there is no telling what the fields mean.
  if (typeof version !== 'number' || (version !== PROGRESS_VERSION && !migrations[version])) {
    return { status: 'unreadable', progress: emptyProgress() };
  }
  let current = value;
  for (let from = version; from < PROGRESS_VERSION; from += 1) current = migrations[from](current);
  const { progress, dropped } = salvageProgress(current);
  if (dropped.length > 0) return { status: 'repaired', progress, dropped };
  return version === PROGRESS_VERSION ? { status: 'loaded', progress } : { status: 'migrated', progress, from: version };
}

function draftKey(quizId: string, questionId: string): string {
  return `${quizId}/${questionId}`;
}

/** The learner's own written answer to a scenario question; empty when there is none. */
export function draftOf(progress: Progress, quizId: string, questionId: string): string {
  return progress.drafts[draftKey(quizId, questionId)] ?? '';
}

function isBackup(value: unknown): value is ProgressBackup {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.keptAt === 'string' &&
    (value.reason === 'unreadable' || value.reason === 'repaired') &&
    typeof value.raw === 'string'
  );
}

/**
 * Reads the list of backups. Backups are never dropped for being damaged: a damaged list, or a damaged
 * entry in it, becomes a backup of its own text.
 */
export function parseBackups(raw: string | null): ProgressBackup[] {
  if (raw === null) return [];
  const damaged = (text: string, index: number): ProgressBackup => ({
    id: `damaged-${index}`,
    keptAt: 'unknown',
    reason: 'unreadable',
    raw: text,
  });
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [damaged(raw, 0)];
  }
  if (!isRecord(value) || value.version !== 1 || !Array.isArray(value.backups)) return [damaged(raw, 0)];
  return value.backups.map((item: unknown, index) => (isBackup(item) ? item : damaged(JSON.stringify(item), index)));
}

/**
 * Adds what `backup` holds and `current` lacks: answers, drafts and misses that are not there, and later visits.
 * What the learner did since the backup was made wins. Returns how many entries came back.
 */
function mergeBackup(current: Progress, backup: Progress): number {
  let restored = 0;
  for (const [quizId, answers] of Object.entries(backup.quizzes)) {
    const target = (current.quizzes[quizId] ??= {});
    for (const [questionId, answer] of Object.entries(answers)) {
      if (target[questionId]) continue;
      target[questionId] = answer;
      restored += 1;
    }
  }
  for (const [key, text] of Object.entries(backup.drafts)) {
    if (current.drafts[key]) continue;
    current.drafts[key] = text;
    restored += 1;
  }
  for (const [exerciseId, record] of Object.entries(backup.exercises)) {
    const now = (current.exercises[exerciseId] ??= {});
    for (const field of ['passedAt', 'solutionShownAt'] as const) {
      if (now[field] || !record[field]) continue;
      now[field] = record[field];
      restored += 1;
    }
  }
  for (const [quizId, records] of Object.entries(backup.missed)) {
    const target = (current.missed[quizId] ??= {});
    for (const [questionId, record] of Object.entries(records)) {
      if (target[questionId]) continue;
      target[questionId] = record;
      restored += 1;
    }
  }
  for (const [predictionId, record] of Object.entries(backup.predictions)) {
    if (current.predictions[predictionId]) continue;
    current.predictions[predictionId] = record;
    restored += 1;
  }
  for (const [lessonId, time] of Object.entries(backup.visited)) {
    const now = current.visited[lessonId];
    if (now && Date.parse(now) >= Date.parse(time)) continue;
    if (!now) restored += 1;
    current.visited[lessonId] = time;
  }
  return restored;
}

/** What a backup holds, read as leniently as the store reads progress; null when nothing in it is readable. */
function progressInBackup(backup: ProgressBackup): Progress | null {
  try {
    const value: unknown = JSON.parse(backup.raw);
    return isRecord(value) ? salvageProgress(value).progress : null;
  } catch {
    return null;
  }
}

function newBackupId(now: Date): string {
  return `${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Reads and writes progress. Every change reads storage afresh first, so a second tab (or a second copy of
 * this code on the page) never has its changes overwritten by a stale copy. When storage is missing or
 * refuses to write (disabled, private mode, quota), or holds a newer version's progress, changes live in
 * memory for the rest of the page and `saveProblem` says why.
 */
export class ProgressStore {
  #storage: ProgressStorage | null;
  readonly #keys: ProgressKeys;
  #memory: Progress = emptyProgress();
  #listeners = new Set<(progress: Progress) => void>();
  #saveProblem: SaveProblem | null;
  #readProblem: ReadProblem | null = null;

  constructor(storage: ProgressStorage | null, keys: ProgressKeys = progressKeys()) {
    this.#storage = storage;
    this.#keys = keys;
    this.#saveProblem = storage ? null : 'unavailable';
    this.read();
  }

  /** The storage key of the progress itself (for `storage` events from other tabs). */
  get keys(): ProgressKeys {
    return this.#keys;
  }

  /** Why changes are not being saved, or null while they are. */
  get saveProblem(): SaveProblem | null {
    return this.#saveProblem;
  }

  /** What was wrong with the stored progress this page found, or null when it read cleanly. */
  get readProblem(): ReadProblem | null {
    return this.#readProblem;
  }

  read(): Progress {
    if (!this.#storage || this.#saveProblem) return this.#memory;
    let raw: string | null;
    try {
      raw = this.#storage.getItem(this.#keys.progress);
    } catch {
      this.#saveProblem = 'unavailable';
      return this.#memory;
    }
    const result = parseProgress(raw);
    this.#memory = result.progress;
    if (result.status === 'newer') {
      this.#readProblem = { kind: 'newer', version: result.version };
      this.#saveProblem = 'newer-version';
    } else if (result.status === 'migrated') {
      // The older version's data was read in full: store it in this version's shape, nothing lost.
      this.#write(result.progress);
    } else if ((result.status === 'repaired' || result.status === 'unreadable') && raw !== null) {
      // Keep exactly what was stored before writing over it; with no room for that copy, write nothing.
      const backupKept = this.#keepBackup(raw, result.status);
      this.#readProblem =
        result.status === 'repaired'
          ? { kind: 'repaired', dropped: result.dropped.length, backupKept }
          : { kind: 'unreadable', backupKept };
      if (backupKept) this.#write(result.progress);
      else this.#saveProblem = 'refused';
    }
    return this.#memory;
  }

  recordAnswer(quizId: string, questionId: string, choice: string, correct: boolean, now = new Date()): void {
    this.#change((progress) => {
      progress.quizzes[quizId] = {
        ...progress.quizzes[quizId],
        [questionId]: { choice, correct, answeredAt: now.toISOString() },
      };
      if (!correct)
        progress.missed[quizId] = { ...progress.missed[quizId], [questionId]: { choice, missedAt: now.toISOString() } };
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

  /** Records that every check of `exerciseId` passed; the first pass is kept. */
  recordExercisePassed(exerciseId: string, now = new Date()): void {
    this.#change((progress) => {
      const record = (progress.exercises[exerciseId] ??= {});
      record.passedAt ??= now.toISOString();
    });
  }

  /** Records that the learner asked to see the solution of `exerciseId` (and confirmed). */
  recordSolutionShown(exerciseId: string, now = new Date()): void {
    this.#change((progress) => {
      const record = (progress.exercises[exerciseId] ??= {});
      record.solutionShownAt ??= now.toISOString();
    });
  }

  /**
   * Keeps the learner's prediction for prompt `predictionId` (a finite number; `why` trimmed, left out when
   * empty). A new prediction replaces the old one and the measurement made after it: it has not been
   * measured yet.
   */
  recordPrediction(predictionId: string, value: number, why = '', now = new Date()): void {
    if (!Number.isFinite(value)) return;
    this.#change((progress) => {
      const reason = why.trim();
      progress.predictions[predictionId] = { value, ...(reason && { why: reason }), predictedAt: now.toISOString() };
    });
  }

  /** Keeps the latest figure a run measured beside the prediction for `predictionId`; without a prediction, nothing. */
  recordMeasurement(predictionId: string, value: number | null, unit: string, now = new Date()): void {
    if (!this.read().predictions[predictionId]) return;
    this.#change((progress) => {
      const record = progress.predictions[predictionId];
      if (record) record.measured = { value, unit, measuredAt: now.toISOString() };
    });
  }

  /** Forgets every answer, draft and visit (the learner asked, and confirmed). Backups stay until deleted. */
  resetAll(): void {
    this.#change((progress) => Object.assign(progress, emptyProgress()));
  }

  /** The copies kept of progress that could not be read in full, oldest first. */
  backups(): ProgressBackup[] {
    try {
      return parseBackups(this.#storage?.getItem(this.#keys.backups) ?? null);
    } catch {
      return [];
    }
  }

  /**
   * Adds back what backup `id` holds and the current progress lacks. Returns how many answers, drafts,
   * visits and exercise records came back, or null when nothing in the backup is readable (it can still be downloaded).
   */
  restoreBackup(id: string): number | null {
    const backup = this.backups().find((item) => item.id === id);
    const saved = backup ? progressInBackup(backup) : null;
    if (!saved) return null;
    let restored = 0;
    this.#change((progress) => {
      restored = mergeBackup(progress, saved);
    });
    return restored;
  }

  /** Deletes backup `id` for good. Returns false when storage refused. */
  deleteBackup(id: string): boolean {
    const kept = this.backups().filter((item) => item.id !== id);
    try {
      if (kept.length === 0) this.#storage?.removeItem(this.#keys.backups);
      else this.#storage?.setItem(this.#keys.backups, JSON.stringify({ version: 1, backups: kept }));
    } catch {
      return false;
    }
    this.#notify(this.#memory);
    return true;
  }

  /** Calls `listener` after every change made through this store; returns a function that stops it. */
  subscribe(listener: (progress: Progress) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells listeners about a change made elsewhere (another tab). */
  notify(): void {
    this.#notify(this.read());
  }

  #notify(progress: Progress): void {
    for (const listener of this.#listeners) listener(progress);
  }

  #change(apply: (progress: Progress) => void): void {
    const progress = this.read();
    apply(progress);
    this.#write(progress);
    this.#notify(progress);
  }

  #keepBackup(raw: string, reason: ProgressBackup['reason'], now = new Date()): boolean {
    if (!this.#storage) return false;
    try {
      const backups = [...this.backups(), { id: newBackupId(now), keptAt: now.toISOString(), reason, raw }].slice(-MAX_BACKUPS);
      this.#storage.setItem(this.#keys.backups, JSON.stringify({ version: 1, backups }));
      return true;
    } catch {
      return false;
    }
  }

  #write(progress: Progress): void {
    this.#memory = progress;
    if (!this.#storage || this.#saveProblem) return;
    try {
      this.#storage.setItem(this.#keys.progress, JSON.stringify(progress));
    } catch {
      // Storage refused the write (full, or blocked since): keep going in memory, and say so.
      this.#saveProblem = 'refused';
    }
  }
}
