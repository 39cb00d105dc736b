import { describe, expect, it } from 'vitest';
import {
  MAX_BACKUPS,
  ProgressStore,
  draftOf,
  emptyProgress,
  parseBackups,
  parseProgress,
  progressKeys,
  type Progress,
  type ProgressStorage,
} from '../../src/progress/progress-store.ts';

const PROGRESS_KEY = progressKeys('/').progress;
const BACKUP_KEY = progressKeys('/').backups;

/**
 * A Map-backed stand-in for localStorage; `failing` makes the chosen operations throw like blocked storage,
 * and `fullFor` makes writes to those keys throw like a full one.
 */
function fakeStorage(
  initial: Record<string, string> = {},
  failing: { read?: boolean; write?: boolean; fullFor?: string[] } = {},
) {
  const items = new Map(Object.entries(initial));
  const storage: ProgressStorage = {
    getItem: (key) => {
      if (failing.read) throw new DOMException('The operation is insecure.', 'SecurityError');
      return items.get(key) ?? null;
    },
    setItem: (key, value) => {
      if (failing.write || failing.fullFor?.includes(key)) throw new DOMException('Quota exceeded', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key) => void items.delete(key),
  };
  return { storage, items };
}

const when = new Date('2026-11-22T10:00:00.000Z');

const earlier = new Date('2026-11-22T09:00:00.000Z');

const valid: Progress = {
  version: 4,
  quizzes: { 'week-6-true-false': { 'tpu-only': { choice: 'false', correct: true, answeredAt: when.toISOString() } } },
  drafts: { 'week-6-scenarios/tiny-model': 'Use the CPU.' },
  visited: { 'week-6/true-false-review': when.toISOString() },
  exercises: { 'exercise-leak': { passedAt: when.toISOString() } },
  // Missed once, answered right since: the miss stays on record after the right answer.
  missed: { 'week-6-true-false': { 'tpu-only': { choice: 'true', missedAt: earlier.toISOString() } } },
  predictions: {
    'matmul-crossover': {
      value: 256,
      why: 'Launching GPU work costs more than small sums.',
      predictedAt: earlier.toISOString(),
      measured: { value: 512, unit: 'n', measuredAt: when.toISOString() },
    },
    'float16-smallest': { value: 6e-5, predictedAt: when.toISOString() },
  },
};

/** The same learner's progress as version 1 of the course stored it, before exercises existed. */
const { exercises: _none, missed: _notYet, predictions: _notAsked1, ...validVersion1 } = { ...valid, version: 1 };

/** The same learner's progress as version 2 stored it, before misses were kept apart from answers. */
const { missed: _notKept, predictions: _notAsked2, ...validVersion2 } = { ...valid, version: 2 };

/** The same learner's progress as version 3 stored it, before the lessons asked for predictions. */
const { predictions: _notAsked3, ...validVersion3 } = { ...valid, version: 3 };

describe('parseProgress', () => {
  it('treats nothing stored as empty progress, not as a problem', () => {
    expect(parseProgress(null)).toEqual({ progress: emptyProgress(), status: 'empty' });
  });

  it('reads back the documented version 4 shape', () => {
    expect(parseProgress(JSON.stringify(valid))).toEqual({ progress: valid, status: 'loaded' });
  });

  it('migrates version 1 progress to version 2, keeping every answer, draft and visit', () => {
    expect(parseProgress(JSON.stringify(validVersion1))).toEqual({
      status: 'migrated',
      from: 1,
      progress: { ...valid, exercises: {}, missed: {}, predictions: {} },
    });
  });

  it('migrates version 2 progress to version 3: every wrong answer stored becomes a miss, nothing is dropped', () => {
    const wrong = { choice: 'true', correct: false, answeredAt: when.toISOString() };
    const stored = { ...validVersion2, quizzes: { ...valid.quizzes, 'week-6-scenarios': { 'tiny-model': wrong } } };
    expect(parseProgress(JSON.stringify(stored))).toEqual({
      status: 'migrated',
      from: 2,
      progress: {
        ...valid,
        predictions: {},
        quizzes: stored.quizzes,
        missed: { 'week-6-scenarios': { 'tiny-model': { choice: 'true', missedAt: when.toISOString() } } },
      },
    });
    // Version 2 without any wrong answer: the same progress, with no misses.
    expect(parseProgress(JSON.stringify(validVersion2))).toEqual({
      status: 'migrated',
      from: 2,
      progress: { ...valid, missed: {}, predictions: {} },
    });
  });

  it('migrates version 3 progress to version 4: every answer, draft, visit, exercise and miss kept, no predictions yet', () => {
    expect(parseProgress(JSON.stringify(validVersion3))).toEqual({
      status: 'migrated',
      from: 3,
      progress: { ...valid, predictions: {} },
    });
  });

  it('migrates version 1 all the way to version 4 in steps, losing nothing', () => {
    const result = parseProgress(JSON.stringify(validVersion1));
    expect(result.status).toBe('migrated');
    expect(result.progress.version).toBe(4);
    expect(result.progress.quizzes).toEqual(valid.quizzes);
    expect(result.progress.drafts).toEqual(valid.drafts);
    expect(result.progress.visited).toEqual(valid.visited);
  });

  it.each([
    ['a prediction that is not a number', { p: { value: '5', predictedAt: when.toISOString() } }, ['predictions.p']],
    ['a prediction that is not finite', { p: { value: null, predictedAt: when.toISOString() } }, ['predictions.p']],
    ['a prediction without a time', { p: { value: 5 } }, ['predictions.p']],
    ['a reason that is not text', { p: { value: 5, why: 7, predictedAt: when.toISOString() } }, ['predictions.p']],
    [
      'a measurement without a unit',
      { p: { value: 5, predictedAt: when.toISOString(), measured: { value: 1, measuredAt: when.toISOString() } } },
      ['predictions.p'],
    ],
    ['a field a prediction does not have', { p: { value: 5, predictedAt: when.toISOString(), stars: 1 } }, ['predictions.p']],
  ])('drops %s and keeps the other predictions', (_case, predictions, dropped) => {
    const result = parseProgress(JSON.stringify({ ...valid, predictions: { ...valid.predictions, ...predictions } }));
    expect(result).toEqual({ status: 'repaired', dropped, progress: valid });
  });

  it.each([
    ['a miss without a time', { q: { a: { choice: 'a' } } }, ['missed.q.a']],
    [
      'a miss with a field it does not have',
      { q: { a: { choice: 'a', missedAt: when.toISOString(), note: 1 } } },
      ['missed.q.a'],
    ],
    ['a quiz that is not a set of misses', { q: 'a' }, ['missed.q']],
  ])('drops %s and keeps the other misses', (_case, missed, dropped) => {
    const result = parseProgress(JSON.stringify({ ...valid, missed: { ...valid.missed, ...missed } }));
    expect(result).toEqual({ status: 'repaired', dropped, progress: valid });
  });

  it.each([
    ['a pass time that is not a date', { 'exercise-leak': { passedAt: 'yesterday' } }, ['exercises.exercise-leak']],
    ['a field an exercise record does not have', { 'exercise-leak': { stars: 3 } }, ['exercises.exercise-leak']],
    ['an empty record', { 'exercise-leak': {} }, ['exercises.exercise-leak']],
  ])('drops an exercise record with %s and keeps the rest', (_case, exercises, dropped) => {
    const result = parseProgress(
      JSON.stringify({
        ...valid,
        exercises: { ...valid.exercises, other: { solutionShownAt: when.toISOString() }, ...exercises },
      }),
    );
    expect(result).toEqual({
      status: 'repaired',
      dropped,
      progress: { ...valid, exercises: { other: { solutionShownAt: when.toISOString() } } },
    });
  });

  it.each([
    ['JSON that does not parse', '{"version":1,'],
    ['plain garbage', 'garbage!'],
    ['an array', '[]'],
    ['null', 'null'],
    ['an old version', JSON.stringify({ ...valid, version: 0 })],
    ['a version that is not a number', JSON.stringify({ ...valid, version: '2' })],
    ['a version that is not a whole number', JSON.stringify({ ...valid, version: 1.5 })],
    ['a missing version', JSON.stringify({ quizzes: {}, drafts: {}, visited: {} })],
  ])('cannot read %s', (_case, raw) => {
    expect(parseProgress(raw)).toEqual({ progress: emptyProgress(), status: 'unreadable' });
  });

  it.each([
    [
      'an answer without a choice',
      { quizzes: { ...valid.quizzes, q: { a: { correct: true, answeredAt: when.toISOString() } } } },
      ['quizzes.q.a'],
    ],
    [
      'an answer with a non-boolean verdict',
      { quizzes: { ...valid.quizzes, q: { a: { choice: 'a', correct: 'yes', answeredAt: when.toISOString() } } } },
      ['quizzes.q.a'],
    ],
    [
      'an answer time that is not a date',
      { quizzes: { ...valid.quizzes, q: { a: { choice: 'a', correct: true, answeredAt: 'soon' } } } },
      ['quizzes.q.a'],
    ],
    ['a quiz that is not a set of answers', { quizzes: { ...valid.quizzes, q: [] } }, ['quizzes.q']],
    ['a draft that is not text', { drafts: { ...valid.drafts, 'q/a': 42 } }, ['drafts.q/a']],
    ['a visit that is not a date', { visited: { ...valid.visited, lesson: true } }, ['visited.lesson']],
    ['a section of the wrong type', { drafts: 'none' }, ['drafts']],
    ['a field version 4 does not have', { streak: 3 }, ['streak']],
  ] as [string, Record<string, unknown>, string[]][])('keeps every good entry and leaves out %s', (_case, change, dropped) => {
    const result = parseProgress(JSON.stringify({ ...valid, ...change }));
    expect(result.status).toBe('repaired');
    expect(result.status === 'repaired' && result.dropped).toEqual(dropped);
    // Only the damaged entry goes: everything of `valid` is still there (a damaged section leaves an empty one).
    expect(result.progress).toEqual(change.drafts === 'none' ? { ...valid, drafts: {} } : valid);
  });

  it('reads what it can of a newer version, and says which version it was', () => {
    const result = parseProgress(JSON.stringify({ ...valid, version: 5, badges: ['gpu'] }));
    expect(result).toEqual({ status: 'newer', version: 5, progress: valid });
  });
});

describe('progressKeys', () => {
  it('keeps the historic key at the root of an origin, and gives a copy under a base path its own keys', () => {
    expect(progressKeys('/')).toEqual({ progress: 'gpu-course:progress', backups: 'gpu-course:progress-backups' });
    expect(progressKeys('/gpu-course')).toEqual({
      progress: 'gpu-course:progress@/gpu-course/',
      backups: 'gpu-course:progress-backups@/gpu-course/',
    });
    expect(progressKeys('/gpu-course/')).toEqual(progressKeys('/gpu-course'));
  });

  it('lets two copies of the course on one origin keep separate progress', () => {
    const { storage } = fakeStorage();
    const root = new ProgressStore(storage, progressKeys('/'));
    const draft = new ProgressStore(storage, progressKeys('/gpu-course/'));
    root.recordAnswer('quiz', 'q1', 'a', true, when);
    draft.recordVisit('unit/lesson', when);
    expect(new ProgressStore(storage, progressKeys('/')).read()).toEqual({
      ...emptyProgress(),
      quizzes: { quiz: { q1: { choice: 'a', correct: true, answeredAt: when.toISOString() } } },
    });
    expect(new ProgressStore(storage, progressKeys('/gpu-course/')).read()).toEqual({
      ...emptyProgress(),
      visited: { 'unit/lesson': when.toISOString() },
    });
  });
});

describe('ProgressStore', () => {
  it('stores version 1 progress as version 2 on first read, without a backup: nothing was lost', () => {
    const { storage, items } = fakeStorage({ [PROGRESS_KEY]: JSON.stringify(validVersion1) });
    const store = new ProgressStore(storage);
    expect(store.readProblem).toBeNull();
    expect(JSON.parse(items.get(PROGRESS_KEY) ?? '')).toEqual({ ...valid, exercises: {}, missed: {}, predictions: {} });
    expect(store.backups()).toEqual([]);
  });

  it('keeps a prediction, its reason and the measurement after it; a new prediction starts unmeasured', () => {
    const { storage, items } = fakeStorage({ [PROGRESS_KEY]: JSON.stringify(validVersion3) });
    const store = new ProgressStore(storage);
    // A measurement with no prediction before it is not kept: there is nothing to set it beside.
    store.recordMeasurement('matmul-crossover', 512, 'n', when);
    expect(store.read().predictions).toEqual({});
    store.recordPrediction('matmul-crossover', 256, '  Launching GPU work costs more than small sums. ', earlier);
    store.recordMeasurement('matmul-crossover', 512, 'n', when);
    store.recordPrediction('float16-smallest', 6e-5, '   ', when);
    store.recordPrediction('float16-smallest', Number.NaN, '', when);
    expect(JSON.parse(items.get(PROGRESS_KEY) ?? '')).toEqual(valid);
    store.recordPrediction('matmul-crossover', 128, '', when);
    expect(store.read().predictions['matmul-crossover']).toEqual({ value: 128, predictedAt: when.toISOString() });
  });

  it('marks a solution as shown, before or after a pass', () => {
    const store = new ProgressStore(fakeStorage().storage);
    store.recordSolutionShown('exercise-leak', when);
    store.recordExercisePassed('exercise-leak', when);
    expect(store.read().exercises).toEqual({
      'exercise-leak': { passedAt: when.toISOString(), solutionShownAt: when.toISOString() },
    });
  });

  it('stores answers, drafts, visits, exercises, misses and predictions under one key, in the documented shape', () => {
    const { storage, items } = fakeStorage();
    const store = new ProgressStore(storage);
    // A wrong answer first, then "Try again" and the right one: the miss stays on record.
    store.recordAnswer('week-6-true-false', 'tpu-only', 'true', false, earlier);
    store.clearAnswer('week-6-true-false', 'tpu-only');
    store.recordAnswer('week-6-true-false', 'tpu-only', 'false', true, when);
    store.saveDraft('week-6-scenarios', 'tiny-model', 'Use the CPU.');
    store.recordVisit('week-6/true-false-review', when);
    store.recordExercisePassed('exercise-leak', when);
    // Only the first pass counts.
    store.recordExercisePassed('exercise-leak', new Date(when.getTime() + 60_000));
    store.recordPrediction('matmul-crossover', 256, 'Launching GPU work costs more than small sums.', earlier);
    store.recordMeasurement('matmul-crossover', 512, 'n', when);
    store.recordPrediction('float16-smallest', 6e-5, '', when);
    expect([...items.keys()]).toEqual([PROGRESS_KEY]);
    expect(JSON.parse(items.get(PROGRESS_KEY) ?? '')).toEqual(valid);
    expect(store.readProblem).toBeNull();
    expect(store.saveProblem).toBeNull();
  });

  it('keeps unreadable progress as a backup before starting afresh, and says so once', () => {
    const corrupt = '{"version":1,"quizzes":';
    const { storage, items } = fakeStorage({ [PROGRESS_KEY]: corrupt });
    const store = new ProgressStore(storage);
    expect(store.readProblem).toEqual({ kind: 'unreadable', backupKept: true });
    expect(store.read()).toEqual(emptyProgress());
    expect(JSON.parse(items.get(PROGRESS_KEY) ?? '')).toEqual(emptyProgress());
    expect(store.backups()).toEqual([{ id: expect.any(String), keptAt: expect.any(String), reason: 'unreadable', raw: corrupt }]);
    // The next page load finds valid progress, so the notice appears once, not on every page.
    expect(new ProgressStore(storage).readProblem).toBeNull();
    expect(new ProgressStore(storage).backups()).toHaveLength(1);
  });

  it('keeps the good entries of a record with one bad entry, and a backup of all of it', () => {
    const raw = JSON.stringify({
      ...valid,
      quizzes: { ...valid.quizzes, q: { a: { choice: 'a', correct: 'yes', answeredAt: 'soon' } } },
    });
    const { storage, items } = fakeStorage({ [PROGRESS_KEY]: raw });
    const store = new ProgressStore(storage);
    expect(store.readProblem).toEqual({ kind: 'repaired', dropped: 1, backupKept: true });
    expect(store.read()).toEqual(valid);
    expect(JSON.parse(items.get(PROGRESS_KEY) ?? '')).toEqual(valid);
    expect(store.backups().map((backup) => [backup.reason, backup.raw])).toEqual([['repaired', raw]]);
  });

  it("never writes over a newer version's progress: it shows what it can and keeps changes in memory", () => {
    const newer = JSON.stringify({ ...valid, version: 5, badges: ['gpu'] });
    const { storage, items } = fakeStorage({ [PROGRESS_KEY]: newer });
    const store = new ProgressStore(storage);
    expect(store.readProblem).toEqual({ kind: 'newer', version: 5 });
    expect(store.saveProblem).toBe('newer-version');
    expect(store.read()).toEqual(valid);
    store.recordAnswer('quiz', 'q1', 'a', true, when);
    store.resetAll();
    store.recordVisit('unit/lesson', when);
    expect(store.read().visited).toEqual({ 'unit/lesson': when.toISOString() });
    expect(items.get(PROGRESS_KEY)).toBe(newer);
    expect(items.has(BACKUP_KEY)).toBe(false);
  });

  it('leaves unreadable progress untouched when there is no room for its backup, and stops saving', () => {
    const corrupt = 'garbage!';
    const { storage, items } = fakeStorage({ [PROGRESS_KEY]: corrupt }, { fullFor: [BACKUP_KEY] });
    const store = new ProgressStore(storage);
    expect(store.readProblem).toEqual({ kind: 'unreadable', backupKept: false });
    expect(store.saveProblem).toBe('refused');
    store.recordVisit('unit/lesson', when);
    expect(items.get(PROGRESS_KEY)).toBe(corrupt);
    expect(store.read().visited).toEqual({ 'unit/lesson': when.toISOString() });
  });

  it('keeps at most MAX_BACKUPS backups, the newest', () => {
    const { storage } = fakeStorage();
    for (let index = 0; index < MAX_BACKUPS + 2; index += 1) {
      storage.setItem(PROGRESS_KEY, `broken ${index}`);
      new ProgressStore(storage);
    }
    expect(new ProgressStore(storage).backups().map((backup) => backup.raw)).toEqual(
      Array.from({ length: MAX_BACKUPS }, (_, index) => `broken ${index + 2}`),
    );
  });

  it('restores a backup by adding back what current progress lacks; what was done since wins', () => {
    const { storage } = fakeStorage({ [PROGRESS_KEY]: JSON.stringify({ ...valid, drafts: 'damaged' }) });
    const store = new ProgressStore(storage);
    const [backup] = store.backups();
    store.resetAll();
    store.recordAnswer('week-6-true-false', 'tpu-only', 'true', false, when);
    // The answer given since wins; the visit, the exercise pass and the two predictions come back.
    expect(store.restoreBackup(backup?.id ?? '')).toBe(4);
    expect(store.read()).toEqual({
      ...valid,
      quizzes: { 'week-6-true-false': { 'tpu-only': { choice: 'true', correct: false, answeredAt: when.toISOString() } } },
      drafts: {},
      missed: { 'week-6-true-false': { 'tpu-only': { choice: 'true', missedAt: when.toISOString() } } },
    });
    expect(store.restoreBackup(backup?.id ?? '')).toBe(0);
  });

  it('cannot restore a backup in which nothing is readable, and deletes a backup only when asked', () => {
    const { storage, items } = fakeStorage({ [PROGRESS_KEY]: 'garbage!' });
    const store = new ProgressStore(storage);
    const [backup] = store.backups();
    expect(store.restoreBackup(backup?.id ?? '')).toBeNull();
    expect(store.restoreBackup('no-such-backup')).toBeNull();
    expect(store.deleteBackup(backup?.id ?? '')).toBe(true);
    expect(store.backups()).toEqual([]);
    expect(items.has(BACKUP_KEY)).toBe(false);
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
    // The miss outlives its answer, so the unit's review can bring the question back.
    expect(store.read().missed).toEqual({ 'quiz-a': { q2: { choice: 'b', missedAt: when.toISOString() } } });
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

  it('keeps working in memory when storage cannot be read, and says that nothing is saved', () => {
    const store = new ProgressStore(fakeStorage({}, { read: true }).storage);
    store.recordAnswer('quiz', 'q1', 'a', true, when);
    expect(store.read().quizzes).toEqual({ quiz: { q1: { choice: 'a', correct: true, answeredAt: when.toISOString() } } });
    expect(store.readProblem).toBeNull();
    expect(store.saveProblem).toBe('unavailable');
  });

  it('keeps working in memory when storage refuses to write, and says so from then on', () => {
    const store = new ProgressStore(fakeStorage({}, { write: true }).storage);
    expect(store.saveProblem).toBeNull();
    const problems: (string | null)[] = [];
    store.subscribe(() => problems.push(store.saveProblem));
    store.recordVisit('unit/lesson', when);
    store.recordAnswer('quiz', 'q1', 'b', false, when);
    expect(problems).toEqual(['refused', 'refused']);
    expect(store.read().visited).toEqual({ 'unit/lesson': when.toISOString() });
    expect(store.read().quizzes.quiz?.q1?.choice).toBe('b');
  });

  it('works without any storage at all', () => {
    const store = new ProgressStore(null);
    expect(store.saveProblem).toBe('unavailable');
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

describe('parseBackups', () => {
  it('never drops a damaged backup list or entry: each becomes a backup of its own text', () => {
    expect(parseBackups(null)).toEqual([]);
    expect(parseBackups('not json')).toEqual([{ id: 'damaged-0', keptAt: 'unknown', reason: 'unreadable', raw: 'not json' }]);
    const good = { id: 'a', keptAt: when.toISOString(), reason: 'repaired', raw: '{}' };
    expect(parseBackups(JSON.stringify({ version: 1, backups: [good, { id: 7 }] }))).toEqual([
      good,
      { id: 'damaged-1', keptAt: 'unknown', reason: 'unreadable', raw: '{"id":7}' },
    ]);
  });
});
