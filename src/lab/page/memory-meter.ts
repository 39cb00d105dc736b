/**
 * The run's memory, kept in view and held to its budget (memory-budget.ts), on the page's side.
 *
 * A line under the lab's status shows the tensors the worker reports (memory-watch.ts) with a <meter>
 * against the budget, and, where the browser offers `performance.measureUserAgentSpecificMemory()` (a
 * cross-origin isolated page in Chromium), what the whole page uses: that measurement waits for the
 * browser's next garbage collection, so it runs one at a time, every few seconds, never in the way. Its
 * breakdown gives the run's worker on its own: the JavaScript objects a program keeps (an array that only
 * grows) are no tensors, and a worker whose heap reaches V8's limit takes the tab down. Chromium measures
 * a worker between two of its tasks, so a program that never yields (a loop with no await) is measured
 * only once it does; its tensors are still checked as they are made (memory-watch.ts). The first reading
 * over its budget calls the run's `onOver` once; the lab client then stops the run.
 */
import { overBudget, type BudgetExcess, type MemoryBudget } from './memory-budget.ts';
import type { TensorMemorySample } from '../worker/memory-watch.ts';
import { element } from '../outputs/output-kind.ts';
import { memoryText, type MemoryReading } from './run-messages.ts';
import './memory-meter.css';

/** Time between the end of one whole-page measurement and the start of the next. */
const pageSampleGapMs = 3000;

interface MemoryMeasurement {
  bytes: number;
  breakdown?: { bytes: number; attribution?: { scope?: string }[] }[];
}

type MeasureMemory = () => Promise<MemoryMeasurement>;

/**
 * The largest dedicated worker in a measurement: the run's (the warm one waiting for the next run holds
 * only TensorFlow.js, and the WASM backend's threads little). Undefined when none was measured.
 */
function largestWorker(measurement: MemoryMeasurement): number | undefined {
  let largest: number | undefined;
  for (const entry of measurement.breakdown ?? []) {
    if (!entry.attribution?.some((where) => where.scope === 'DedicatedWorkerGlobalScope')) continue;
    largest = Math.max(largest ?? 0, entry.bytes);
  }
  return largest;
}

/** The browser's whole-page measurement, where it may be called. */
function pageMeasurement(): MeasureMemory | null {
  const measure = (performance as { measureUserAgentSpecificMemory?: MeasureMemory }).measureUserAgentSpecificMemory;
  return globalThis.crossOriginIsolated === true && typeof measure === 'function' ? () => measure.call(performance) : null;
}

export class MemoryMeter {
  readonly budget: MemoryBudget;
  readonly #line: HTMLElement;
  readonly #text: HTMLElement;
  readonly #meter: HTMLMeterElement;
  readonly #measurePage = pageMeasurement();
  #reading: MemoryReading = { tensorBytes: 0, peakTensorBytes: 0 };
  /** The run being watched; aborted when it ends, which ends its page measurements. */
  #run: AbortController | undefined;
  #onOver: ((excess: BudgetExcess) => void) | undefined;

  /** Puts the (hidden until the first run) memory line after `status`. */
  constructor(status: Element, budget: MemoryBudget) {
    this.budget = budget;
    this.#line = element('p', 'lab-memory');
    this.#line.dataset.labMemory = '';
    this.#line.hidden = true;
    this.#text = element('span', 'lab-memory-text');
    this.#meter = element('meter', 'lab-memory-meter');
    this.#meter.min = 0;
    this.#meter.max = budget.tensorBytes;
    this.#meter.high = budget.tensorBytes * 0.75;
    this.#meter.optimum = 0;
    this.#meter.setAttribute('aria-label', 'Tensor memory of the run, against its budget');
    this.#line.append(this.#meter, this.#text);
    status.after(this.#line);
  }

  /** A run starts: the line restarts from zero, and `onOver` is called (once) if the run passes the budget. */
  start(onOver: (excess: BudgetExcess) => void): void {
    this.end();
    this.#run = new AbortController();
    this.#onOver = onOver;
    this.#reading = { tensorBytes: 0, peakTensorBytes: 0 };
    this.#line.hidden = false;
    this.#draw();
    if (this.#measurePage) void this.#samplePage(this.#measurePage, this.#run.signal);
  }

  /** A reading from the run's worker. */
  sample(sample: TensorMemorySample): void {
    if (!this.#run) return;
    this.#reading = {
      ...this.#reading,
      tensorBytes: sample.numBytes,
      peakTensorBytes: Math.max(this.#reading.peakTensorBytes, sample.numBytes),
      gpuBytes: sample.gpuBytes,
    };
    this.#update();
  }

  /** The run ended: the line keeps its last reading and peak, and the page is no longer measured. */
  end(): void {
    this.#run?.abort();
    this.#run = undefined;
    this.#onOver = undefined;
  }

  async #samplePage(measure: MeasureMemory, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let measurement: MemoryMeasurement;
      try {
        measurement = await measure();
      } catch {
        return; // Refused (the page lost its isolation, or the browser is busy): the tensors still count.
      }
      if (signal.aborted) return;
      this.#reading = { ...this.#reading, pageBytes: measurement.bytes, workerBytes: largestWorker(measurement) };
      this.#update();
      await new Promise((resolve) => setTimeout(resolve, pageSampleGapMs));
    }
  }

  #update(): void {
    this.#draw();
    const excess = overBudget(this.#reading, this.budget);
    if (!excess || !this.#onOver) return;
    const onOver = this.#onOver;
    this.end();
    onOver(excess);
  }

  #draw(): void {
    const { tensorBytes, gpuBytes } = this.#reading;
    this.#meter.value = Math.min(Math.max(tensorBytes, gpuBytes ?? 0), this.budget.tensorBytes);
    this.#text.textContent = memoryText.meter(this.#reading, this.budget);
  }
}
