import { describe, expect, it } from 'vitest';
import { NOTICES, progressNotices, quizNotSavedNote } from '../../src/progress/progress-notices.ts';
import { normalizeBase, siteScopedName } from '../../src/lab/shared/site-scoped-name.ts';

describe('progressNotices', () => {
  it('says nothing while progress reads cleanly and is saved', () => {
    expect(progressNotices(null, null)).toEqual([]);
  });

  it('points to the backup after starting afresh or leaving entries out', () => {
    expect(progressNotices({ kind: 'unreadable', backupKept: true }, null)).toEqual([
      { text: NOTICES.unreadable, pointsToBackups: true },
    ]);
    expect(progressNotices({ kind: 'repaired', dropped: 1, backupKept: true }, null)[0]?.text).toMatch(
      /^One entry of your saved progress could not be read and was left out; the rest is kept\./,
    );
    expect(progressNotices({ kind: 'repaired', dropped: 3, backupKept: true }, null)[0]?.text).toMatch(
      /^3 entries of your saved progress could not be read and were left out/,
    );
  });

  it('says that nothing is saved when storage is disabled, full, or holds a newer version', () => {
    expect(progressNotices(null, 'unavailable')).toEqual([{ text: NOTICES.unavailable, pointsToBackups: false }]);
    expect(progressNotices(null, 'refused')).toEqual([{ text: NOTICES.refused, pointsToBackups: false }]);
    expect(progressNotices({ kind: 'newer', version: 2 }, 'newer-version')).toEqual([
      { text: NOTICES.newer(2), pointsToBackups: false },
    ]);
    expect(NOTICES.newer(2)).toContain('never changes it, so answers you give here are not saved');
  });

  it('explains in one notice why unreadable progress was left as it is', () => {
    expect(progressNotices({ kind: 'unreadable', backupKept: false }, 'refused')).toEqual([
      { text: NOTICES.noRoomForBackup, pointsToBackups: false },
    ]);
  });

  it('gives each quiz a short line while answers are not saved', () => {
    expect(quizNotSavedNote(null)).toBeNull();
    expect(quizNotSavedNote('refused')).toMatch(/^Answers here are not saved in this browser/);
    expect(quizNotSavedNote('newer-version')).toMatch(/newer version of the course/);
  });
});

describe('siteScopedName', () => {
  it('spells every base path one way', () => {
    expect(['/', '', '//', ' / '].map(normalizeBase)).toEqual(['/', '/', '/', '/']);
    expect(['/gpu-course', '/gpu-course/', 'gpu-course', 'gpu-course//'].map(normalizeBase)).toEqual(
      Array(4).fill('/gpu-course/'),
    );
    expect(normalizeBase('/a/b')).toBe('/a/b/');
  });

  it('keeps a name at the root of an origin and scopes it under a sub-path', () => {
    expect(siteScopedName('course-lab-results', '/')).toBe('course-lab-results');
    expect(siteScopedName('course-lab-results', '/gpu-course')).toBe('course-lab-results@/gpu-course/');
    expect(siteScopedName('course-lab:v1:hello-tensors', '/draft/')).toBe('course-lab:v1:hello-tensors@/draft/');
  });

  it('defaults to the base path this build was made for', () => {
    expect(siteScopedName('x')).toBe(siteScopedName('x', import.meta.env.BASE_URL));
  });
});
