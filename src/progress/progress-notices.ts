import type { ReadProblem, SaveProblem } from './progress-store.ts';

/**
 * What the page tells the learner about their stored progress. Pure, so every wording is pinned by a test;
 * progress-tracker.ts shows these at the top of the page and course-quiz.ts a short line by each quiz.
 */
export interface ProgressNotice {
  text: string;
  /** Whether the notice sends the learner to the backups under "Your progress" on the home page. */
  pointsToBackups: boolean;
}

export const NOTICES = {
  unreadable:
    'Your saved progress could not be read, so this page starts afresh. What was stored is kept as a copy: download or restore it under “Your progress” on the home page.',
  repaired: (dropped: number) =>
    `${dropped === 1 ? 'One entry' : `${dropped} entries`} of your saved progress could not be read and ${dropped === 1 ? 'was' : 'were'} left out; the rest is kept. ` +
    'A copy of everything that was stored is under “Your progress” on the home page.',
  noRoomForBackup:
    'Your saved progress could not be read in full, and this browser has no room left to keep a copy of it, so it is left untouched: answers you give now are not saved. Free some storage for this site, then reload.',
  newer: (version: number) =>
    `Your progress was saved by a newer version of this course (progress format ${version}). This page shows what it can read but never changes it, so answers you give here are not saved. Reload to get the newest version.`,
  unavailable:
    'This browser does not let the course save your progress (storage is disabled, for example by a privacy setting): answers and visits count for this visit only and are gone after a reload.',
  refused:
    'Your progress can no longer be saved: this browser refused to store it (its storage for this site is full). Answers from now on count for this visit only and are gone after a reload.',
} as const;

/** The notices for what the store found; empty when all is well. */
export function progressNotices(readProblem: ReadProblem | null, saveProblem: SaveProblem | null): ProgressNotice[] {
  const notices: ProgressNotice[] = [];
  if (readProblem?.kind === 'newer') return [{ text: NOTICES.newer(readProblem.version), pointsToBackups: false }];
  if (readProblem && !readProblem.backupKept) return [{ text: NOTICES.noRoomForBackup, pointsToBackups: false }];
  if (readProblem?.kind === 'unreadable') notices.push({ text: NOTICES.unreadable, pointsToBackups: true });
  if (readProblem?.kind === 'repaired') notices.push({ text: NOTICES.repaired(readProblem.dropped), pointsToBackups: true });
  if (saveProblem === 'unavailable') notices.push({ text: NOTICES.unavailable, pointsToBackups: false });
  if (saveProblem === 'refused') notices.push({ text: NOTICES.refused, pointsToBackups: false });
  return notices;
}

/** The line under a quiz's score while answers are not being saved; null while they are. */
export function quizNotSavedNote(saveProblem: SaveProblem | null): string | null {
  if (!saveProblem) return null;
  return saveProblem === 'newer-version'
    ? 'Answers here are not saved: your progress belongs to a newer version of the course (see the notice at the top of the page).'
    : 'Answers here are not saved in this browser and are gone after a reload (see the notice at the top of the page).';
}
