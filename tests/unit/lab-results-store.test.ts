/**
 * `lab.results(key)` (src/lab/shared/results-store.ts): rows kept in IndexedDB between runs. An older or damaged
 * record is reset with a warning; a record of a newer format is left exactly as it is (a newer page can
 * read it), skipped for display, and this run's rows are kept in memory instead of overwriting it.
 *
 * Node has no IndexedDB, so a small one stands in: one database, one object store, requests that
 * answer on the next task and transactions that complete once their requests have.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';

/** What the stand-in database holds, by record key. */
const records = new Map<string, unknown>();

class FakeRequest<T> {
  result: T | undefined;
  error: Error | null = null;
  transaction: FakeTransaction | null = null;
  onsuccess: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onupgradeneeded: (() => void) | null = null;
  onblocked: (() => void) | null = null;
}

class FakeTransaction {
  readonly mode: IDBTransactionMode;
  oncomplete: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  #pending = 0;

  constructor(mode: IDBTransactionMode) {
    this.mode = mode;
    // A transaction with no request at all completes too.
    setTimeout(() => this.#settle(), 0);
  }

  objectStore(): FakeStore {
    return new FakeStore(this);
  }

  request<T>(work: () => T): FakeRequest<T> {
    const request = new FakeRequest<T>();
    this.#pending++;
    setTimeout(() => {
      request.result = work();
      request.onsuccess?.();
      this.#pending--;
      setTimeout(() => this.#settle(), 0);
    }, 0);
    return request;
  }

  #settle(): void {
    if (this.#pending === 0) this.oncomplete?.();
  }
}

class FakeStore {
  readonly transaction: FakeTransaction;
  constructor(transaction: FakeTransaction) {
    this.transaction = transaction;
  }
  get(key: string) {
    return this.transaction.request(() => structuredClone(records.get(key)));
  }
  put(value: unknown, key: string) {
    return this.transaction.request(() => void records.set(key, structuredClone(value)));
  }
  delete(key: string) {
    return this.transaction.request(() => void records.delete(key));
  }
}

const fakeIndexedDb = {
  open() {
    const request = new FakeRequest<unknown>();
    setTimeout(() => {
      request.result = {
        objectStoreNames: { contains: () => true },
        transaction: (_store: string, mode: IDBTransactionMode) => new FakeTransaction(mode),
      };
      request.onsuccess?.();
    }, 0);
    return request;
  },
};

vi.stubGlobal('indexedDB', fakeIndexedDb);
// Imported after the stand-in is in place: the store takes IndexedDB when it loads, as the lab worker's does
// before its storage lockdown.
const { openResultsStore, readStoredValue, storeText } = await import('../../src/lab/shared/results-store.ts');

/** The key the store keeps `name`'s record under (format 1). */
const recordKey = (name: string) => `v1:${name}`;

beforeEach(() => records.clear());

describe('reading a stored value', () => {
  test('rows of this format are read; a newer format is told apart from a damaged record', () => {
    expect(readStoredValue({ format: 1, rows: [{ a: 1 }] })).toEqual({ kind: 'rows', rows: [{ a: 1 }] });
    expect(readStoredValue({ format: 2, rows: 'anything a newer page writes' })).toEqual({ kind: 'newer', format: 2 });
    expect(readStoredValue({ format: 0, rows: [] })).toEqual({ kind: 'unreadable' });
    expect(readStoredValue({ format: 1, rows: [{ a: {} }] })).toEqual({ kind: 'unreadable' });
    expect(readStoredValue({ format: 1.5, rows: [] })).toEqual({ kind: 'unreadable' });
    expect(readStoredValue('text')).toEqual({ kind: 'unreadable' });
  });
});

describe('the stored results of a lab', () => {
  test('rows appended are loaded back, in order', async () => {
    const warn = vi.fn();
    const store = openResultsStore('bench', warn);
    await store.append({ backend: 'wasm', seconds: 12.5 });
    await store.append({ backend: 'webgl', seconds: 3 });
    expect(await store.load()).toEqual([
      { backend: 'wasm', seconds: 12.5 },
      { backend: 'webgl', seconds: 3 },
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  test('a damaged record is reset with a warning', async () => {
    records.set(recordKey('damaged'), { format: 1, rows: 'not rows' });
    const warn = vi.fn();
    expect(await openResultsStore('damaged', warn).load()).toEqual([]);
    expect(warn).toHaveBeenCalledWith(storeText.reset('damaged'));
    expect(records.has(recordKey('damaged'))).toBe(false);
  });

  test('a record of a newer format is left untouched: not shown, not overwritten, not cleared', async () => {
    const newer = { format: 2, rows: [{ backend: 'webgpu', seconds: 1 }], extra: 'a newer page’s field' };
    records.set(recordKey('newer'), structuredClone(newer));
    const warn = vi.fn();
    const store = openResultsStore('newer', warn);

    expect(await store.load()).toEqual([]);
    await store.append({ backend: 'wasm', seconds: 12.5 });
    // This run sees its own row, kept in memory.
    expect(await store.load()).toEqual([{ backend: 'wasm', seconds: 12.5 }]);
    await store.clear();
    expect(await store.load()).toEqual([]);

    expect(records.get(recordKey('newer'))).toEqual(newer);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(storeText.newer('newer', 2));
    expect(storeText.newer('newer', 2)).toBe(
      'The saved results for "newer" were written by a newer version of the course (format 2; this page reads 1), so they are not shown here ' +
        'and are left as they are. Reload the page to get the current course; until then, new results are kept for this run only.',
    );
  });
});
