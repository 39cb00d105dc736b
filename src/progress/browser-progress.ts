import { PROGRESS_KEY, ProgressStore, type ProgressStorage } from './progress-store.ts';

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

// Another tab answered a quiz or reset progress: let this page's listeners catch up.
window.addEventListener('storage', (event) => {
  if (event.key === PROGRESS_KEY || event.key === null) progressStore.notify();
});
