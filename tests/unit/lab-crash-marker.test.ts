import { beforeEach, describe, expect, test } from 'vitest';
import {
  RunMarker,
  readRunRecord,
  runLockName,
  runMarkerKey,
  type MarkerStorage,
  type RunLocks,
  type RunRecord,
} from '../../src/lab/page/crash-marker.ts';

class MapStorage implements MarkerStorage {
  values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

/** Storage that refuses everything, like a browser with storage disabled. */
const disabledStorage: MarkerStorage = {
  getItem() {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem() {
    throw new DOMException('denied', 'SecurityError');
  },
  removeItem() {
    throw new DOMException('denied', 'SecurityError');
  },
};

/** Web Locks as one set of held names, shared by the "tabs" of a test. */
class FakeLocks implements RunLocks {
  held = new Set<string>();
  hold(name: string) {
    this.held.add(name);
    return () => this.held.delete(name);
  }
  isHeld(name: string) {
    return Promise.resolve(this.held.has(name));
  }
}

const key = runMarkerKey('hello');
const startedAt = new Date('2025-03-01T10:00:00Z');

function stored(storage: MapStorage): RunRecord | null {
  return readRunRecord(storage.getItem(key), 'hello');
}

describe('RunMarker', () => {
  let storage: MapStorage;
  let locks: FakeLocks;
  let page: EventTarget;
  const marker = (target: EventTarget | null = page) =>
    new RunMarker('hello', { storage, locks, events: target, now: () => startedAt });

  beforeEach(() => {
    storage = new MapStorage();
    locks = new FakeLocks();
    page = new EventTarget();
  });

  test('keeps a versioned record while a run is in progress, and removes it when the run ends', () => {
    const run = marker();
    run.begin(true);
    expect(key).toBe('course-lab:run:v1:hello');
    expect(stored(storage)).toMatchObject({ version: 1, labId: 'hello', startedAt: startedAt.toISOString(), codeSaved: true });
    expect(locks.held).toEqual(new Set([runLockName(stored(storage)?.runId ?? '')]));
    run.end();
    expect(storage.values.size).toBe(0);
    expect(locks.held.size).toBe(0);
    run.end(); // no run: nothing happens
  });

  test('a record left by a page that died is told once, then forgotten', async () => {
    marker(null).begin(false); // the tab dies: nothing ends the run
    locks.held.clear(); // and its lock goes with it
    const next = marker();
    expect(await next.lastRunEndedPage()).toMatchObject({ labId: 'hello', codeSaved: false });
    expect(storage.values.size).toBe(0);
    expect(await next.lastRunEndedPage()).toBeNull();
  });

  test('leaving the page normally during a run is not a crash; the back-forward cache brings the record back', async () => {
    const run = marker();
    run.begin(true);
    page.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
    expect(storage.values.size).toBe(0);
    page.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    expect(stored(storage)).not.toBeNull();
    page.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: false }));
    locks.held.clear();
    expect(await marker().lastRunEndedPage()).toBeNull();
  });

  test('a fresh load (pageshow not from the cache) writes nothing', () => {
    marker();
    page.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    expect(storage.values.size).toBe(0);
  });

  test('a run going on in another tab (its lock held) is neither told nor removed', async () => {
    marker(null).begin(true);
    expect(await marker().lastRunEndedPage()).toBeNull();
    expect(stored(storage)).not.toBeNull();
  });

  test("a run's end removes only its own record, not one another tab wrote since", () => {
    const first = marker();
    first.begin(true);
    const second = marker();
    second.begin(true);
    const secondId = stored(storage)?.runId;
    first.end();
    expect(stored(storage)?.runId).toBe(secondId);
  });

  test('without Web Locks every record counts as a dead page', async () => {
    new RunMarker('hello', { storage, locks: null, events: null }).begin(true);
    expect(await new RunMarker('hello', { storage, locks: null, events: null }).lastRunEndedPage()).not.toBeNull();
  });

  test('a record of another shape is removed and ignored', async () => {
    for (const raw of [
      'not json',
      '{"version":2}',
      'null',
      JSON.stringify({ version: 1, labId: 'other', runId: 'x', startedAt: 'x', codeSaved: true }),
    ]) {
      storage.setItem(key, raw);
      expect(await marker().lastRunEndedPage(), raw).toBeNull();
      expect(storage.values.size, raw).toBe(0);
    }
  });

  test('storage disabled or absent breaks nothing', async () => {
    for (const noStorage of [disabledStorage, null]) {
      const run = new RunMarker('hello', { storage: noStorage, locks, events: page });
      run.begin(true);
      page.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
      page.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
      run.end();
      expect(await run.lastRunEndedPage()).toBeNull();
    }
  });
});
