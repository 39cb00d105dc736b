/**
 * <course-exercise>: the element Exercise.astro renders around an exercise's lab. It shows the checks
 * that the worker ran after the learner's program (delivered by the lab client as an `exercise-result`
 * event, which it sends only for results carrying the run's secret), reveals hints one at a time, shows
 * the solution after a confirmation, and keeps both facts in the progress store: a pass, and a look at
 * the solution.
 */
import { progressStore } from '../progress/browser-progress.ts';
import type { ExerciseRecord } from '../progress/progress-store.ts';
import { exerciseResultEvent, type ExerciseResultDetail } from '../lab/index.ts';
import { checkSummary, exerciseBadge, exercisePassed } from './exercise-words.ts';

class CourseExercise extends HTMLElement {
  #id = '';
  #solutionConfirmed = false;

  connectedCallback(): void {
    this.#id = this.dataset.exerciseId ?? '';
    this.#setUpHints();
    this.#setUpSolution();
    this.addEventListener(exerciseResultEvent, (event) => this.#showResult((event as CustomEvent<ExerciseResultDetail>).detail));
    // A new run clears the last checks: they described code that may have changed since.
    const lab = this.querySelector('course-lab');
    if (lab) {
      new MutationObserver(() => {
        if (lab.getAttribute('data-state') === 'running') this.#say('Running your program; the checks follow.', false);
      }).observe(lab, { attributes: true, attributeFilter: ['data-state'] });
    }
    this.#renderBadge();
    progressStore.subscribe(() => this.#renderBadge());
  }

  #record(): ExerciseRecord | undefined {
    return progressStore.read().exercises[this.#id];
  }

  #renderBadge(): void {
    const badge = this.querySelector<HTMLElement>('[data-exercise-badge]');
    if (!badge) return;
    const record = this.#record();
    const text = exerciseBadge(record);
    badge.hidden = text === null;
    badge.textContent = text ?? '';
    badge.toggleAttribute('data-passed', record?.passedAt !== undefined);
    if (record?.solutionShownAt) this.#solutionConfirmed = true;
  }

  #say(text: string, passed: boolean): void {
    const summary = this.querySelector<HTMLElement>('[data-exercise-summary]');
    if (summary) {
      summary.textContent = text;
      summary.toggleAttribute('data-passed', passed);
    }
    this.querySelector('[data-exercise-requirements]')?.replaceChildren();
  }

  #showResult({ requirements }: ExerciseResultDetail): void {
    // Decided here from the list, never from a flag: the worker's answer is only the requirements.
    const passed = exercisePassed(requirements);
    this.#say(checkSummary(requirements), passed);
    const list = this.querySelector('[data-exercise-requirements]');
    list?.replaceChildren(
      ...requirements.map((requirement) => {
        const item = document.createElement('li');
        item.dataset.passed = String(requirement.passed);
        item.dataset.requirement = requirement.id;
        const mark = document.createElement('span');
        mark.className = 'exercise-mark';
        mark.setAttribute('aria-hidden', 'true');
        mark.textContent = requirement.passed ? '✓' : '✗';
        const body = document.createElement('span');
        const label = document.createElement('span');
        label.className = 'exercise-requirement-label';
        label.textContent = `${requirement.passed ? 'Passed' : 'Not yet'}: ${requirement.label}`;
        const message = document.createElement('span');
        message.className = 'exercise-requirement-message';
        message.textContent = requirement.message;
        body.append(label, message);
        item.append(mark, body);
        return item;
      }),
    );
    if (passed) progressStore.recordExercisePassed(this.#id);
  }

  /** Hint n+1 becomes available once hint n has been opened: they go from gentle to nearly the answer. */
  #setUpHints(): void {
    const hints = [...this.querySelectorAll<HTMLDetailsElement>('details[data-exercise-hint]')];
    const update = () => {
      hints.forEach((hint, index) => {
        hint.hidden = index > 0 && !hints[index - 1].open && !hint.open;
      });
    };
    for (const hint of hints) hint.addEventListener('toggle', update);
    update();
  }

  /** The solution opens only after the learner confirms, and that choice is kept. */
  #setUpSolution(): void {
    const solution = this.querySelector<HTMLDetailsElement>('details[data-exercise-solution]');
    const dialog = this.querySelector<HTMLDialogElement>('dialog[data-exercise-confirm]');
    const summary = solution?.querySelector('summary');
    if (!solution || !dialog || !summary) return;
    summary.addEventListener('click', (event) => {
      if (solution.open || this.#solutionConfirmed) return;
      event.preventDefault();
      dialog.returnValue = '';
      dialog.showModal();
    });
    dialog.addEventListener('close', () => {
      if (dialog.returnValue !== 'show') {
        summary.focus();
        return;
      }
      this.#solutionConfirmed = true;
      progressStore.recordSolutionShown(this.#id);
      solution.open = true;
      summary.focus();
    });
  }
}

customElements.define('course-exercise', CourseExercise);
