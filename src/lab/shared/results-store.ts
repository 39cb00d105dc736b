/**
 * `lab.results(key)`: rows a lab keeps between runs, e.g. one row per benchmark run, so a learner can
 * compare today's numbers with last week's. The lab worker has no localStorage, but it has IndexedDB,
 * so the rows live there: one record per key in one object store.
 *
 * Stored rows are read back defensively. A record written by an older format, or one that is not a list
 * of table rows (hand-edited, half-written), is deleted with a warning instead of failing the run: losing
 * old results is a nuisance, a lab that no longer starts is a bug. A record of a newer format (written by
 * a newer version of the course, in another tab or before a rollback) is left untouched: this page cannot
 * read it, but the newer page can, so it is skipped with a warning and new rows are kept for this run only. Where IndexedDB is missing (Node,
 * private modes that block it) the rows live in memory for this run only, again with a warning.
 */
import type { Cell, ResultsStore, TableRow } from '../../../labs/api/index.ts';
import { siteScopedName } from './site-scoped-name.ts';

const storeName = 'results';
/** Bump when the record's shape changes: records with another format are reset, never misread. */
const recordFormat = 1;
/** Keeps a store bounded however often a lab appends: the oldest rows go first. */
const maxRowsPerKey = 1_000;

interface StoredRecord {
  format: typeof recordFormat;
  rows: TableRow[];
}

export type WarnFunction = (text: string) => void;

function isCell(value: unknown): value is Cell {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isTableRow(value: unknown): value is TableRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isCell);
}

/** What a stored value is to this page: its rows, a newer format's record to leave alone, or unreadable. */
export type StoredValue = { kind: 'rows'; rows: TableRow[] } | { kind: 'newer'; format: number } | { kind: 'unreadable' };

export function readStoredValue(value: unknown): StoredValue {
  if (typeof value !== 'object' || value === null) return { kind: 'unreadable' };
  const { format, rows } = value as { format?: unknown; rows?: unknown };
  if (typeof format === 'number' && Number.isInteger(format) && format > recordFormat) return { kind: 'newer', format };
  if (format !== recordFormat || !Array.isArray(rows) || !rows.every(isTableRow)) return { kind: 'unreadable' };
  return { kind: 'rows', rows };
}

/** A copy of `row` with only cell values (others become strings), so it always survives storage. */
function plainRow(row: TableRow): TableRow {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new TypeError('lab.results(…).append expects one row object, e.g. { backend: "wasm", seconds: 12.5 }.');
  }
  const copy: Record<string, Cell> = {};
  for (const [column, value] of Object.entries(row)) copy[column] = isCell(value) ? value : String(value);
  return copy;
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * IndexedDB as it was when this module loaded. In the lab worker that is before the storage lockdown
 * (src/lab/worker/worker-lockdown.ts) takes the API out of the program's reach: `lab.results` keeps its
 * rows, the program itself reaches no storage.
 */
const ownIndexedDb: IDBFactory | undefined = typeof indexedDB === 'undefined' ? undefined : indexedDB;

let database: Promise<IDBDatabase> | undefined;

function openDatabase(): Promise<IDBDatabase> {
  database ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (!ownIndexedDb) throw new Error('IndexedDB is not available here');
    // Named when opened, not on import: the site's public entry (src/lab/index.ts) re-exports this module.
    const request = ownIndexedDb.open(siteScopedName('course-lab-results'), 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
  return database;
}

/** Rows in memory, for places without IndexedDB; shared by all stores of one key in this process. */
const memoryRows = new Map<string, TableRow[]>();

function memoryStore<T extends TableRow>(key: string): ResultsStore<T> {
  return {
    load: () => Promise.resolve([...(memoryRows.get(key) ?? [])] as T[]),
    append: (row) => {
      memoryRows.set(key, [...(memoryRows.get(key) ?? []), plainRow(row)].slice(-maxRowsPerKey));
      return Promise.resolve();
    },
    clear: () => {
      memoryRows.delete(key);
      return Promise.resolve();
    },
  };
}

export const storeText = {
  reset: (key: string) => `The saved results for "${key}" were from an older version of this lab or damaged, so they were reset.`,
  newer: (key: string, format: number) =>
    `The saved results for "${key}" were written by a newer version of the course (format ${format}; this page reads ${recordFormat}), ` +
    'so they are not shown here and are left as they are. Reload the page to get the current course; until then, new results are kept for this run only.',
};

function indexedDbStore<T extends TableRow>(
  key: string,
  recordKey: string,
  warn: WarnFunction,
  memory: ResultsStore<T>,
): ResultsStore<T> {
  /**
   * Reads the record inside `transaction`: its rows; null for a newer format's record, which stays as it
   * is; an unreadable one is deleted there and reads as empty.
   */
  let warnedNewer = false;
  const rowsIn = async (store: IDBObjectStore): Promise<TableRow[] | null> => {
    const stored: unknown = await requestResult(store.get(recordKey));
    if (stored === undefined) return [];
    const value = readStoredValue(stored);
    if (value.kind === 'rows') return value.rows;
    if (value.kind === 'newer') {
      if (!warnedNewer) warn(storeText.newer(key, value.format));
      warnedNewer = true;
      return null;
    }
    warn(storeText.reset(key));
    if (store.transaction.mode === 'readwrite') store.delete(recordKey);
    return [];
  };
  return {
    async load() {
      const transaction = (await openDatabase()).transaction(storeName, 'readwrite');
      const rows = await rowsIn(transaction.objectStore(storeName));
      await transactionDone(transaction);
      return rows === null ? memory.load() : (rows as T[]);
    },
    async append(row) {
      const plain = plainRow(row);
      const transaction = (await openDatabase()).transaction(storeName, 'readwrite');
      const store = transaction.objectStore(storeName);
      const stored = await rowsIn(store);
      if (stored !== null) {
        const record: StoredRecord = { format: recordFormat, rows: [...stored, plain].slice(-maxRowsPerKey) };
        store.put(record, recordKey);
      }
      await transactionDone(transaction);
      // Writing over a newer record would destroy rows the newer page can read: this run keeps its own.
      if (stored === null) await memory.append(plain as T);
    },
    async clear() {
      const transaction = (await openDatabase()).transaction(storeName, 'readwrite');
      const store = transaction.objectStore(storeName);
      // The program clears what it can see: a newer format's record is not that.
      if ((await rowsIn(store)) !== null) store.delete(recordKey);
      await transactionDone(transaction);
      await memory.clear();
    },
  };
}

/**
 * The store behind `lab.results(key)`. Each call falls back to memory when IndexedDB fails, warning
 * once per store, so a run never dies because storage is unavailable.
 */
export function openResultsStore<T extends TableRow>(key: string, warn: WarnFunction): ResultsStore<T> {
  const name = String(key);
  if (name.length === 0 || name.length > 200)
    throw new RangeError('lab.results needs a key of 1 to 200 characters, e.g. "cnn-benchmark".');
  const memory = memoryStore<T>(`memory:${name}`);
  if (!ownIndexedDb) {
    let warned = false;
    const warnOnce = () => {
      if (!warned) warn(`Results for "${name}" are kept for this run only: this environment has no IndexedDB.`);
      warned = true;
    };
    return {
      load: async () => (warnOnce(), memory.load()),
      append: async (row) => (warnOnce(), memory.append(row)),
      clear: async () => memory.clear(),
    };
  }
  const persistent = indexedDbStore<T>(name, `v${recordFormat}:${name}`, warn, memory);
  let failed = false;
  const guarded = async <R>(work: () => Promise<R>, fallback: () => Promise<R>): Promise<R> => {
    if (failed) return fallback();
    try {
      return await work();
    } catch (error) {
      failed = true;
      warn(
        `Results for "${name}" cannot be saved in this browser (${error instanceof Error ? error.message : String(error)}); they are kept for this run only.`,
      );
      return fallback();
    }
  };
  return {
    load: () =>
      guarded(
        () => persistent.load(),
        () => memory.load(),
      ),
    append: async (row) => {
      // A malformed row is the program's mistake, not a storage failure: let it throw.
      const plain = plainRow(row) as T;
      return guarded(
        () => persistent.append(plain),
        () => memory.append(plain),
      );
    },
    clear: () =>
      guarded(
        () => persistent.clear(),
        () => memory.clear(),
      ),
  };
}
