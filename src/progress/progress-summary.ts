import { progressStore } from './browser-progress.ts';
import { courseSummary, readCourseMap, type CourseMap } from './course-map.ts';
import type { ProgressBackup } from './progress-store.ts';

/**
 * <progress-summary> on the home page: fills in the figures from the progress store, asks for
 * confirmation, in a modal dialog, before "Reset all progress" deletes anything, and lists the copies the
 * store kept of progress it could not read, to download, restore or delete.
 */

const reasons: Record<ProgressBackup['reason'], string> = {
  unreadable: 'could not be read',
  repaired: 'could be read only in part',
};

function keptAtText(keptAt: string): string {
  const time = Date.parse(keptAt);
  return Number.isNaN(time)
    ? 'at an unknown time'
    : `on ${new Date(time).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
}

/** Saves a copy as a file: JSON when it still parses, so a learner (or a helper) can open and mend it. */
function download(backup: ProgressBackup): void {
  let isJson = true;
  try {
    JSON.parse(backup.raw);
  } catch {
    isJson = false;
  }
  const day = Number.isNaN(Date.parse(backup.keptAt)) ? 'undated' : backup.keptAt.slice(0, 10);
  const url = URL.createObjectURL(new Blob([backup.raw], { type: isJson ? 'application/json' : 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `gpu-course-progress-copy-${day}.${isJson ? 'json' : 'txt'}`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

class ProgressSummary extends HTMLElement {
  #map: CourseMap | null = null;
  #unsubscribe: (() => void) | undefined;
  #status: HTMLElement | null = null;
  #shownBackups = '';

  connectedCallback() {
    this.#map = readCourseMap(document);
    const dialog = this.querySelector('dialog');
    this.#status = this.querySelector<HTMLElement>('[data-reset-status]');
    this.querySelector('[data-reset-open]')?.addEventListener('click', () => {
      this.#say('');
      if (!dialog) return;
      // Escape closes without a return value, so clear the last one or a past "reset" would count again.
      dialog.returnValue = '';
      dialog.showModal();
    });
    // The dialog returns focus to "Reset all progress" when it closes, so focus is never lost.
    dialog?.addEventListener('close', () => {
      if (dialog.returnValue !== 'reset') return;
      progressStore.resetAll();
      this.#say('All progress was reset.');
    });
    this.#render();
    this.#unsubscribe = progressStore.subscribe(() => this.#render());
  }

  disconnectedCallback() {
    this.#unsubscribe?.();
  }

  #say(text: string) {
    if (this.#status) this.#status.textContent = text;
  }

  #render() {
    this.#renderBackups();
    if (!this.#map) return;
    const { lessonsVisited, lessonsTotal, quiz, exercises } = courseSummary(progressStore.read(), this.#map);
    this.#set('lessons', `${lessonsVisited} of ${lessonsTotal}`);
    this.#set('answered', `${quiz.answered} of ${quiz.total}`);
    this.#set('correct', quiz.answered > 0 ? `${quiz.correct} of ${quiz.answered}` : '—');
    this.#set('exercises', `${exercises.passed} of ${exercises.total}`);
  }

  #set(field: string, text: string) {
    const target = this.querySelector(`[data-summary="${field}"]`);
    if (target) target.textContent = text;
  }

  #renderBackups() {
    const section = this.querySelector<HTMLElement>('[data-backups]');
    const list = this.querySelector<HTMLElement>('[data-backup-list]');
    if (!section || !list) return;
    const backups = progressStore.backups();
    const signature = backups.map((backup) => backup.id).join(',');
    if (signature === this.#shownBackups) return;
    this.#shownBackups = signature;
    section.hidden = backups.length === 0;
    list.replaceChildren(...[...backups].reverse().map((backup) => this.#backupItem(backup)));
  }

  #backupItem(backup: ProgressBackup): HTMLLIElement {
    const item = document.createElement('li');
    const label = document.createElement('span');
    label.className = 'progress-summary-backup-label';
    label.id = `progress-backup-${backup.id}`;
    label.textContent = `Kept ${keptAtText(backup.keptAt)}: progress that ${reasons[backup.reason]}.`;
    const button = (text: string, action: () => void) => {
      const control = document.createElement('button');
      control.type = 'button';
      control.textContent = text;
      control.setAttribute('aria-describedby', label.id);
      control.addEventListener('click', action);
      return control;
    };
    item.append(
      label,
      button('Download copy', () => download(backup)),
      button('Restore copy', () => {
        const restored = progressStore.restoreBackup(backup.id);
        this.#say(
          restored === null
            ? 'Nothing in that copy could be read, so nothing was restored. Download it to keep it.'
            : restored === 0
              ? 'Your progress already holds everything in that copy.'
              : `Restored ${restored} ${restored === 1 ? 'entry' : 'entries'} (answers, drafts and visits) from the copy.`,
        );
      }),
      button('Delete copy', () => {
        const deleted = progressStore.deleteBackup(backup.id);
        this.#say(
          deleted ? 'The copy was deleted.' : 'The copy could not be deleted: this browser refused to change its storage.',
        );
        // The item is gone: keep focus inside the panel.
        this.querySelector<HTMLButtonElement>('[data-backup-list] button, [data-reset-open]')?.focus();
      }),
    );
    return item;
  }
}

customElements.define('progress-summary', ProgressSummary);
