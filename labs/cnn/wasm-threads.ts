/**
 * How many threads make the WASM baseline train fastest on this machine?
 *
 * More threads are not always faster: the project's layers are small, so splitting each one across
 * threads costs synchronisation that can eat the gain, and a laptop's "logical cores" are often two
 * hyper-threads sharing one physical core. So instead of guessing, measure: a few training steps at
 * 1, 2, 4, … threads, up to one per logical core, and keep the fastest. A fair CPU baseline uses its cores.
 * The whole probe takes at most PROBE_BUDGET_MS: a count that would not fit is left out, and the output says so.
 */
import type { Lab } from '../api';
import type { ImageSet } from '../api/cifar10.ts';
import { createCnn } from './model.ts';
import { round } from '../api/cnn-report.ts';
import { measureThroughput } from './train.ts';

/** At most this many: tfjs-backend-wasm's pool never grows past 8 threads. */
const MAX_THREADS = 8;

/** The probe's time limit: it decides how a baseline runs, it is not the experiment. */
const PROBE_BUDGET_MS = 5_000;

/**
 * One thread per core first, so that a probe cut short by its time limit still uses every core, then 1, 2,
 * 4, … below it (e.g. 6, 1, 2, 4 on six cores).
 */
export function threadCounts(cores: number): number[] {
  const counts = [cores];
  for (let threads = 1; threads < cores; threads *= 2) counts.push(threads);
  return counts;
}

export async function useFastestWasmThreads(lab: Lab, set: ImageSet, batchSize: number, seed: number): Promise<number> {
  const cores = Math.min(MAX_THREADS, Math.max(1, lab.device().cores));
  const measured: { threads: number; imagesPerSecond: number }[] = [];
  const started = performance.now();
  let lastMs = 0;
  let lastThreads = 1;
  let skipped: number[] = [];
  const counts = threadCounts(cores);
  for (const [index, wanted] of counts.entries()) {
    // Fewer threads take longer: at worst, in proportion (the same steps, shared by fewer threads).
    const expectedMs = (lastMs * lastThreads) / wanted;
    if (performance.now() - started + expectedMs > PROBE_BUDGET_MS) {
      skipped = counts.slice(index);
      break;
    }
    const threads = lab.setWasmThreads(wanted);
    // No WebAssembly threads here (not cross-origin isolated, or no support): one thread is all there is.
    if (threads !== wanted) {
      if (measured.length === 0 && threads === 1) measured.push({ threads: 1, imagesPerSecond: 0 });
      break;
    }
    const countStarted = performance.now();
    const model = createCnn(seed);
    const speed = await measureThroughput(model, set, { batchSize, steps: 2, warmupSteps: 1 });
    model.dispose();
    lastMs = performance.now() - countStarted;
    lastThreads = threads;
    measured.push({ threads, imagesPerSecond: speed.imagesPerSecond });
  }
  const best = measured.reduce(
    (fastest, entry) => (entry.imagesPerSecond > fastest.imagesPerSecond ? entry : fastest),
    measured[0] ?? { threads: 1, imagesPerSecond: 0 },
  );
  lab.setWasmThreads(best.threads);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (measured.length > 1) {
    lab.table(
      [...measured]
        .sort((a, b) => a.threads - b.threads)
        .map((entry) => ({
          'WASM threads': entry.threads,
          'images/s': round(entry.imagesPerSecond, 1),
          chosen: entry === best,
        })),
      {
        title: `WASM threads measured on this machine (${lab.device().cores} logical cores, ${seconds} s): the fastest is used`,
      },
    );
  } else if (skipped.length === 0) {
    lab.log(
      `WASM runs on 1 thread: ${lab.device().crossOriginIsolated ? 'this machine reports one logical core' : 'the page is not cross-origin isolated, so WebAssembly threads are off'}.`,
    );
  }
  if (skipped.length > 0) {
    lab.log(
      `WASM runs on ${best.threads} thread${best.threads === 1 ? '' : 's'}; not measured, to keep this probe under ${PROBE_BUDGET_MS / 1000} s: ${skipped.join(', ')} threads.`,
    );
  }
  return best.threads;
}
