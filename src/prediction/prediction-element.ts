/**
 * <course-prediction>: the prompt Prediction.astro renders before a measurement. It enables the form the
 * server rendered (disabled, so the page reads the same without JavaScript), keeps the learner's number
 * and reason in the progress store, and when a lab on the page reports the figure (`lab.measured`, heard
 * as the `lab-measured` event) it keeps that too and puts the two side by side. Running never waits for it.
 */
import { labMeasuredEvent, type LabMeasuredDetail } from '../lab/index.ts';
import { progressStore } from '../progress/browser-progress.ts';
import { gapLine, unpredictedLine, withUnit, type FigureSource } from './prediction-words.ts';

class CoursePrediction extends HTMLElement {
  #id = '';
  #unit = '';
  #source: FigureSource = 'measured';
  /** A measurement that came while no prediction was saved: shown, not stored. */
  #unpredicted: LabMeasuredDetail | null = null;

  connectedCallback(): void {
    this.#id = this.dataset.prediction ?? '';
    this.#unit = this.dataset.unit ?? '';
    if (this.dataset.source === 'computed') this.#source = 'computed';
    const form = this.querySelector('form');
    if (!form || !this.#id) return;
    for (const field of form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')) field.disabled = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#save(form);
    });
    document.addEventListener(labMeasuredEvent, (event) => this.#measured((event as CustomEvent<LabMeasuredDetail>).detail));
    this.#fill(form);
    this.#render();
    progressStore.subscribe(() => this.#render());
  }

  #save(form: HTMLFormElement): void {
    const data = new FormData(form);
    const text = (name: string) => {
      const entry = data.get(name);
      return typeof entry === 'string' ? entry.trim() : '';
    };
    const value = text('value') === '' ? Number.NaN : Number(text('value'));
    if (!Number.isFinite(value)) {
      this.#say('Enter a number first, or just run the lab: a prediction is never required.');
      return;
    }
    progressStore.recordPrediction(this.#id, value, text('why'));
    this.#unpredicted = null;
    this.#say(`Saved: ${withUnit(value, this.#unit)}. Now run the lab and compare.`);
  }

  #measured(detail: LabMeasuredDetail): void {
    if (detail.id !== this.#id) return;
    if (progressStore.read().predictions[this.#id]) {
      this.#unpredicted = null;
      progressStore.recordMeasurement(this.#id, detail.value, detail.unit);
    } else {
      this.#unpredicted = detail;
    }
    this.#render();
  }

  /** Puts a stored prediction back into the form, as it was saved. */
  #fill(form: HTMLFormElement): void {
    const record = progressStore.read().predictions[this.#id];
    if (!record) return;
    const value = form.elements.namedItem('value');
    const why = form.elements.namedItem('why');
    if (value instanceof HTMLInputElement) value.value = String(record.value);
    if (why instanceof HTMLInputElement) why.value = record.why ?? '';
    this.#say(`Your prediction: ${withUnit(record.value, this.#unit)}.`);
  }

  #render(): void {
    const result = this.querySelector<HTMLElement>('[data-prediction-result]');
    if (!result) return;
    const record = progressStore.read().predictions[this.#id];
    const measured = record?.measured;
    const text = measured
      ? gapLine(record.value, measured.value, this.#unit || measured.unit, this.#source)
      : this.#unpredicted
        ? unpredictedLine(this.#unpredicted.value, this.#unit || this.#unpredicted.unit, this.#source)
        : '';
    result.hidden = text === '';
    result.querySelector('[data-prediction-gap]')?.replaceChildren(text);
  }

  #say(text: string): void {
    const status = this.querySelector('[data-prediction-status]');
    if (status) status.textContent = text;
  }
}

customElements.define('course-prediction', CoursePrediction);
