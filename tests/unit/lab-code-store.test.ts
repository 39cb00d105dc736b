import { beforeEach, describe, expect, test } from 'vitest';
import { CodeStore, asideKey, codeInAside, storageKey } from '../../src/lab/page/code-store.ts';

/** A Storage that keeps values in a Map, and can be told to refuse writes like a full quota. */
class MemoryStorage implements Storage {
  #values = new Map<string, string>();
  full = false;
  get length() {
    return this.#values.size;
  }
  clear() {
    this.#values.clear();
  }
  getItem(key: string) {
    return this.#values.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#values.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#values.delete(key);
  }
  setItem(key: string, value: string) {
    if (this.full) throw new DOMException('Quota exceeded', 'QuotaExceededError');
    this.#values.set(key, value);
  }
}

describe('CodeStore', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
  });

  test('saves an edit under a versioned key and loads it back', () => {
    const store = new CodeStore('hello', storage);
    expect(store.save('edited', 'original')).toBe(true);
    expect(storageKey('hello')).toBe('course-lab:v1:hello');
    const raw: unknown = JSON.parse(storage.getItem('course-lab:v1:hello') ?? '{}');
    expect(raw).toMatchObject({ version: 1, code: 'edited' });
    expect(new CodeStore('hello', storage).load()).toBe('edited');
  });

  test('stores nothing while the code equals the original', () => {
    const store = new CodeStore('hello', storage);
    store.save('edited', 'original');
    store.save('original', 'original');
    expect(storage.length).toBe(0);
    expect(store.load()).toBeNull();
  });

  test.each([
    ['not JSON', '{oops'],
    ['another version', JSON.stringify({ version: 2, code: 'x', savedAt: '' })],
    ['a wrong shape', JSON.stringify({ version: 1, code: 42, savedAt: '' })],
    ['null', 'null'],
  ])('treats %s as no saved code, and keeps it aside instead of deleting it', (_name, raw) => {
    storage.setItem('course-lab:v1:hello', raw);
    const store = new CodeStore('hello', storage);
    expect(store.load()).toBeNull();
    expect(store.setAside).toBe(raw);
    expect(storage.getItem('course-lab:v1:hello')).toBeNull();
    expect(asideKey('hello')).toBe('course-lab:aside:hello');
    expect(storage.getItem('course-lab:aside:hello')).toBe(raw);
    // The next visit finds nothing to set aside, and saving never touches what was kept.
    const next = new CodeStore('hello', storage);
    expect(next.load()).toBeNull();
    expect(next.setAside).toBeNull();
    next.save('edited', 'original');
    expect(storage.getItem('course-lab:aside:hello')).toBe(raw);
  });

  test('shows the code of a record set aside when it has some, or the text as stored', () => {
    expect(codeInAside(JSON.stringify({ version: 2, code: 'print(1)', savedAt: '' }))).toBe('print(1)');
    expect(codeInAside('{oops')).toBe('{oops');
    expect(codeInAside('null')).toBe('null');
  });

  test('still hands over a record it had no room to move', () => {
    storage.setItem('course-lab:v1:hello', '{oops');
    storage.full = true;
    const store = new CodeStore('hello', storage);
    expect(store.load()).toBeNull();
    expect(store.setAside).toBe('{oops');
    expect(storage.getItem('course-lab:v1:hello')).toBe('{oops');
  });

  test('reports a refused write instead of throwing', () => {
    storage.full = true;
    expect(new CodeStore('hello', storage).save('edited', 'original')).toBe(false);
  });

  test('works, without remembering, when there is no storage at all', () => {
    const store = new CodeStore('hello', null);
    expect(store.save('edited', 'original')).toBe(false);
    expect(store.load()).toBeNull();
  });
});
