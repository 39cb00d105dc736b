import { describe, expect, it } from 'vitest';
import {
  PROGRESS_KEY,
  ProgressStore,
  draftOf,
  emptyProgress,
  parseProgress,
  type Progress,
  type ProgressStorage,
} from '../../src/progress/progress-store.ts';

/** A Map-backed stand-in for localStorage; `failing` makes the chosen operations throw like blocked storage. */
function fakeStorage(initial: Record<string, string> = {}, failing: { read?: boolean; write?: boolean } = {}) {
  const items = new Map(Object.entries(initial));
  const storage: ProgressStorage = {
    getItem: (key) => {
      if (failing.read) throw new DOMException('The operation is insecure.', 'SecurityError');
      return items.get(key) ?? null;
    },
    setItem: (key, value) => {
      if (failing.write) throw new DOMException('Quota exceeded', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key) => void items.delete(key),
  };
  return { storage, items };
}

const when = new Date('2026-11-22T10:00:00.000Z');

const valid: Progress = {
  version: 1,
  quizzes: { 'week-6-true-false': { 'tpu-only': { choice: 'false', correct: true, answeredAt: when.toISOString() } } },
  drafts: { 'week-6-scenarios/tiny-model': 'Use the CPU.' },
  visited: { 'week-6/true-false-review': when.toISOString() },
};

describe('parseProgress', () => {
  it('treats nothing stored as empty progress, not as a reset', () => {
    expect(parseProgress(null)).toEqual({ progress: emptyProgress(), status: 'empty' });
  });

  it('reads back the documented version 1 shape', () => {
    expect(parseProgress(JSON.stringify(valid))).toEqual({ progress: valid, status: 'loaded' });
  });

  it.each([
    ['JSON that does not parse', '{"version":1,'],
    ['plain garbage', 'garbage!'],
    ['an array', '[]'],
    ['null', 'null'],
    ['an unknown future version', JSON.stringify({ ...valid, version: 2 })],
    ['an old version', JSON.stringify({ ...valid, version: 0 })],
    ['a missing version', JSON.stringify({ quizzes: {}, drafts: {}, visited: {} })],
    ['a missing section', JSON.stringify({ version: 1, quizzes: {}, drafts: {} })],
    ['an answer without a choice', JSON.stringify({ ...valid, quizzes: { q: { a: { correct: true, answeredAt: when.toISOString() } } } })],
    ['an answer with a non-boolean verdict', JSON.stringify({ ...valid, quizzes: { q: { a: { choice: 'a', correct: 'yes', answeredAt: when.toISOString() } } } })],
    ['an answer time that is not a date', JSON.stringify({ ...valid, quizzes: { q: { a: { choice: 'a', correct: true, answeredAt: 'soon' } } } })],
    ['a draft that is not text', JSON.stringify({ ...valid, drafts: { 'q/a': 42 } })],
    ['a visit that is not a date', JSON.stringify({ ...valid, visited: { lesson: true } })],
  ])('resets %s to empty progress', (_case, raw) => {
    expect(parseProgress(raw)).toEqual({ progress: emptyProgress(), status: 'reset' });
  });
});

describe('ProgressStore', () => {
  it('stores answers, drafts and visits under one key, in the documented shape', () => {
    const { storage, items } = fakeStorage();
    const store = new ProgressStore(storage);
    store.recordAnswer('week-6-true-false', 'tpu-only', 'false', true, when);
    store.saveDraft('week-6-scenarios', 'tiny-model', 'Use the CPU.');
    store.recordVisit('week-6/true-false-review', when);
    expect([...items.keys()]).toEqual([PROGRESS_KEY]);
    expect(JSON.parse(items.get(PROGRESS_KEY) ?? '')).toEqual(valid);
    expect(store.wasReset).toBe(false);
  });

  it('replaces unreadable progress with empty progress at once and remembers that it did', () => {
    const { storage, items } = fakeStorage({ [PROGRESS_KEY]: '{"version":1,"quizzes":' });
    const store = new ProgressStore(storage);
    expect(store.wasReset).toBe(true);
    expect(store.read()).toEqual(emptyProgress());
    expect(JSON.parse(items.get(PROGRESS_KEY) ?? '')).toEqual(emptyProgress());
    // The next page load finds valid progress, so the notice appears once, not on every page.
    expect(new ProgressStore(storage).wasReset).toBe(false);
  });

  it('clears one answer, one quiz or everything', () => {
    const store = new ProgressStore(fakeStorage().storage);
    store.recordAnswer('quiz-a', 'q1', 'a', true, when);
    store.recordAnswer('quiz-a', 'q2', 'b', false, when);
    store.recordAnswer('quiz-b', 'q1', 'c', true, when);
    store.clearAnswer('quiz-a', 'q1');
    expect(Object.keys(store.read().quizzes['quiz-a'] ?? {})).toEqual(['q2']);
    store.clearQuiz('quiz-a');
    expect(Object.keys(store.read().quizzes)).toEqual(['quiz-b']);
    store.saveDraft('quiz-b', 'q1', 'notes');
    store.recordVisit('unit/lesson', when);
    store.resetAll();
    expect(store.read()).toEqual(emptyProgress());
  });

  it('forgets a draft that is emptied', () => {
    const store = new ProgressStore(fakeStorage().storage);
    store.saveDraft('quiz', 'q', 'first thoughts');
    expect(draftOf(store.read(), 'quiz', 'q')).toBe('first thoughts');
    store.saveDraft('quiz', 'q', '   ');
    expect(store.read().drafts).toEqual({});
    expect(draftOf(store.read(), 'quiz', 'q')).toBe('');
  });

  it('reads storage afresh before each change, so two stores on one storage never overwrite each other', () => {
    const { storage } = fakeStorage();
    const quizPage = new ProgressStore(storage);
    const otherTab = new ProgressStore(storage);
    quizPage.recordAnswer('quiz', 'q1', 'a', true, when);
    otherTab.recordVisit('unit/lesson', when);
    expect(new ProgressStore(storage).read()).toEqual({
      ...emptyProgress(),
      quizzes: { quiz: { q1: { choice: 'a', correct: true, answeredAt: when.toISOString() } } },
      visited: { 'unit/lesson': when.toISOString() },
    });
  });

  it('keeps working in memory when storage cannot be read', () => {
    const store = new ProgressStore(fakeStorage({}, { read: true }).storage);
    store.recordAnswer('quiz', 'q1', 'a', true, when);
    expect(store.read().quizzes).toEqual({ quiz: { q1: { choice: 'a', correct: true, answeredAt: when.toISOString() } } });
    expect(store.wasReset).toBe(false);
  });

  it('keeps working in memory when storage refuses to write', () => {
    const store = new ProgressStore(fakeStorage({}, { write: true }).storage);
    store.recordVisit('unit/lesson', when);
    store.recordAnswer('quiz', 'q1', 'b', false, when);
    expect(store.read().visited).toEqual({ 'unit/lesson': when.toISOString() });
    expect(store.read().quizzes.quiz?.q1?.choice).toBe('b');
  });

  it('works without any storage at all', () => {
    const store = new ProgressStore(null);
    store.saveDraft('quiz', 'q', 'text');
    expect(draftOf(store.read(), 'quiz', 'q')).toBe('text');
  });

  it('tells subscribers about every change until they unsubscribe', () => {
    const store = new ProgressStore(fakeStorage().storage);
    const seen: number[] = [];
    const unsubscribe = store.subscribe((progress) => seen.push(Object.keys(progress.visited).length));
    store.recordVisit('unit/one', when);
    store.recordVisit('unit/two', when);
    unsubscribe();
    store.recordVisit('unit/three', when);
    expect(seen).toEqual([1, 2]);
  });
});
