/**
 * The run's tensor memory, watched from inside the lab worker (memory-budget.ts says why and how much).
 *
 * Two ways, because a program may never yield: `while (true) kept.push(tf.zeros([16e6]))` runs no timer,
 * sends no message and would take the tab down within a second. So every new tensor is checked where
 * TensorFlow.js counts it (the engine's `trackTensor`), a comparison of two numbers; the first one past the
 * budget is reported at once and throws, which ends the program there, and the page, told, terminates the
 * worker. A timer reports the memory four times a second besides, for the page's meter, with the GPU's
 * own count on WebGL and WebGPU, which TensorFlow.js only gives through tf.memory().
 */
import * as tf from '@tensorflow/tfjs';
import { formatBytes } from '../shared/number-text.ts';

/** What the worker reports: the bytes of live tensors, and on GPU backends the GPU memory they take. */
export interface TensorMemorySample {
  numBytes: number;
  gpuBytes?: number;
}

const memorySampleMs = 250;

/** Thrown into the program by the tensor that passed the budget; the page says the rest. */
export class MemoryBudgetError extends Error {
  override name = 'MemoryBudgetError';
}

/**
 * tf.memory()'s numbers, read without tf.memory(): that goes through the engine's active backend, which
 * throws while `lab.useBackend` waits for a backend to start and, between a failed start and the next one,
 * would start the best backend itself. So the bytes come from the engine's count, and the GPU's from every
 * backend started so far (a program that compares backends leaves WebGL textures behind while WebGPU runs).
 */
export function tensorMemory(engine: ReturnType<typeof tf.engine> = tf.engine()): TensorMemorySample {
  let gpuBytes: number | undefined;
  for (const backend of Object.values(engine.registry)) {
    try {
      const info: { unreliable: boolean; numBytesInGPU?: unknown } = backend.memory();
      if (typeof info.numBytesInGPU === 'number') gpuBytes = (gpuBytes ?? 0) + info.numBytesInGPU;
    } catch {
      // A backend that cannot say (its GPU context lost) counts for nothing here.
    }
  }
  const numBytes = engine.state.numBytes;
  return gpuBytes === undefined ? { numBytes } : { numBytes, gpuBytes };
}

function sameSample(a: TensorMemorySample | undefined, b: TensorMemorySample): boolean {
  return a !== undefined && a.numBytes === b.numBytes && a.gpuBytes === b.gpuBytes;
}

type Engine = ReturnType<typeof tf.engine>;

/** The watch now checking an engine's new tensors, if any. */
interface EngineHook {
  watch?: { budgetBytes: number; send: (sample: TensorMemorySample) => void };
}

const hooks = new WeakMap<Engine, EngineHook>();

/**
 * Puts the budget check into `engine.trackTensor`, once per engine, for good: the property is neither
 * writable nor configurable, and so is `engine.state`, whose byte count the check reads. A program that
 * deletes or replaces the hook (`delete tf.engine().trackTensor`), or swaps the engine's state for an
 * empty one, gets a TypeError instead of hiding its tensors from the budget. The engine's own method is
 * held here, taken before any program ran. The lab worker runs one program and is then terminated, so
 * nothing needs the engine back as it was; between watches the hook only counts.
 */
function hookEngine(engine: Engine): EngineHook {
  const existing = hooks.get(engine);
  if (existing) return existing;
  const hook: EngineHook = {};
  const track = engine.trackTensor.bind(engine);
  const state = engine.state;
  const trackTensor: Engine['trackTensor'] = (tensor, backend) => {
    track(tensor, backend);
    const { watch } = hook;
    const numBytes = state.numBytes;
    if (!watch || numBytes <= watch.budgetBytes) return;
    watch.send({ numBytes });
    throw new MemoryBudgetError(
      `This run holds ${formatBytes(numBytes)} of tensors, over its budget of ${formatBytes(watch.budgetBytes)}: the page stops it.`,
    );
  };
  Object.defineProperty(engine, 'trackTensor', { value: trackTensor, configurable: false, writable: false });
  Object.defineProperty(engine, 'state', { value: state, configurable: false, writable: false });
  hooks.set(engine, hook);
  return hook;
}

/**
 * Watches tensor memory until the returned function is called: `report` gets a sample whenever it changed
 * (at most every `memorySampleMs`, and a last one at the end), and at once when a new tensor takes the
 * total past `budgetBytes`, after which that tensor's creation throws `MemoryBudgetError` (and so does
 * every later one, while over budget). Each timed sample reads the engine's own count, so tensors made
 * some way past `trackTensor` still reach the page, which stops a run over its budget.
 */
export function watchTensorMemory(budgetBytes: number, report: (sample: TensorMemorySample) => void): () => void {
  const engine = tf.engine();
  let last: TensorMemorySample | undefined;
  const send = (sample: TensorMemorySample) => {
    if (sameSample(last, sample)) return;
    last = sample;
    report(sample);
  };
  const hook = hookEngine(engine);
  const watch = { budgetBytes, send };
  hook.watch = watch;

  send(tensorMemory(engine));
  const timer = setInterval(() => send(tensorMemory(engine)), memorySampleMs);
  return () => {
    clearInterval(timer);
    send(tensorMemory(engine));
    if (hook.watch === watch) hook.watch = undefined;
  };
}
