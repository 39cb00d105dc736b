import { progressStore } from './browser-progress.ts';
import { courseSummary, readCourseMap, type CourseMap } from './course-map.ts';

/**
 * <progress-summary> on the home page: fills in the figures from the progress store and asks for
 * confirmation, in a modal dialog, before "Reset all progress" deletes anything.
 */
class ProgressSummary extends HTMLElement {
  #map: CourseMap | null = null;
  #unsubscribe: (() => void) | undefined;

  connectedCallback() {
    this.#map = readCourseMap(document);
    const dialog = this.querySelector('dialog');
    const status = this.querySelector<HTMLElement>('[data-reset-status]');
    this.querySelector('[data-reset-open]')?.addEventListener('click', () => {
      if (status) status.textContent = '';
      if (!dialog) return;
      // Escape closes without a return value, so clear the last one or a past "reset" would count again.
      dialog.returnValue = '';
      dialog.showModal();
    });
    // The dialog returns focus to "Reset all progress" when it closes, so focus is never lost.
    dialog?.addEventListener('close', () => {
      if (dialog.returnValue !== 'reset') return;
      progressStore.resetAll();
      if (status) status.textContent = 'All progress was reset.';
    });
    this.#render();
    this.#unsubscribe = progressStore.subscribe(() => this.#render());
  }

  disconnectedCallback() {
    this.#unsubscribe?.();
  }

  #render() {
    if (!this.#map) return;
    const { lessonsVisited, lessonsTotal, quiz } = courseSummary(progressStore.read(), this.#map);
    this.#set('lessons', `${lessonsVisited} of ${lessonsTotal}`);
    this.#set('answered', `${quiz.answered} of ${quiz.total}`);
    this.#set('correct', quiz.answered > 0 ? `${quiz.correct} of ${quiz.answered}` : '—');
  }

  #set(field: string, text: string) {
    const target = this.querySelector(`[data-summary="${field}"]`);
    if (target) target.textContent = text;
  }
}

customElements.define('progress-summary', ProgressSummary);
