import { ProgressStore, type ProgressStorage } from './progress-store.ts';

/** Even reading `window.localStorage` throws where storage is blocked (e.g. some privacy settings). */
function localStorageOrNull(): ProgressStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The one progress store of this page, shared by the quizzes, the tracker and the home page summary. */
export const progressStore = new ProgressStore(localStorageOrNull());

// Another tab answered a quiz, reset progress or changed the backups: let this page's listeners catch up.
window.addEventListener('storage', (event) => {
  const { progress, backups } = progressStore.keys;
  if (event.key === progress || event.key === backups || event.key === null) progressStore.notify();
});
