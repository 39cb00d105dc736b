/**
 * <course-lab>: the element Lab.astro renders around a lab. It is all a lesson page loads for a lab up
 * front; when the lab nears the viewport or its Run button is pressed, it imports the lab client
 * (lab-client.ts), which takes over the buttons, the output and the editor.
 *
 * The element holds the lab's one state field, mirrored to `data-state` for styles and tests:
 * idle → loading (the lab, or a run being prepared) → running → done | error; Stop returns it to idle.
 */
import type { LabController } from './lab-client.ts';
import type { LabHost, LabState } from './lab-host.ts';

/** How far outside the viewport a lab starts loading, so it is ready by the time it is read. */
const preloadMargin = '600px 0px';

/** The element's own words (the run's are in run-messages.ts, which loads with the lab client). */
const loadingText = 'Loading the lab…';
const loadFailedText = (reason: string) =>
  `The lab could not load (${reason}). Check your connection, then press Run to try again.`;

class CourseLab extends HTMLElement implements LabHost {
  #state: LabState = 'idle';
  #controller: Promise<LabController> | undefined;
  #observer: IntersectionObserver | undefined;

  get state(): LabState {
    return this.#state;
  }

  set state(state: LabState) {
    this.#state = state;
    this.dataset.state = state;
  }

  connectedCallback(): void {
    this.querySelector('[data-lab-action="run"]')?.addEventListener('click', () => void this.#run());
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) void this.#activate('approach').catch(() => undefined);
      },
      { rootMargin: preloadMargin },
    );
    this.#observer.observe(this);
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
  }

  async #run(): Promise<void> {
    try {
      const controller = await this.#activate('run');
      await controller.run();
    } catch {
      // #load has already said what went wrong.
    }
  }

  #activate(reason: 'approach' | 'run'): Promise<LabController> {
    this.#observer?.disconnect();
    this.#controller ??= this.#load(reason);
    return this.#controller;
  }

  async #load(reason: 'approach' | 'run'): Promise<LabController> {
    const status = this.querySelector('[data-lab-status]');
    this.state = 'loading';
    if (status) status.textContent = loadingText;
    try {
      const { mountLab } = await import('./lab-client.ts');
      return mountLab(this, { editorFirst: reason === 'approach' });
    } catch (error) {
      this.#controller = undefined;
      this.state = 'error';
      if (status) status.textContent = loadFailedText(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
}

customElements.define('course-lab', CourseLab);
