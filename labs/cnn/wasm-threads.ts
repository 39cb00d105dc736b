/**
 * How many threads make the WASM baseline train fastest on this machine?
 *
 * More threads are not always faster: the project's layers are small, so splitting each one across
 * threads costs synchronisation that can eat the gain, and a laptop's "logical cores" are often two
 * hyper-threads sharing one physical core. So instead of guessing, measure: a few training steps at
 * 1, 2, … threads, up to one per logical core, and keep the fastest. A fair CPU baseline uses its cores.
 */
import type { Lab } from '../api';
import type { ImageSet } from '../api/cifar10.ts';
import { createCnn } from './model.ts';
import { round } from '../api/cnn-report.ts';
import { measureThroughput } from './train.ts';

/** At most this many: tfjs-backend-wasm's pool never grows past 8 threads. */
const MAX_THREADS = 8;

export async function useFastestWasmThreads(lab: Lab, set: ImageSet, batchSize: number, seed: number): Promise<number> {
  const cores = Math.min(MAX_THREADS, Math.max(1, lab.device().cores));
  const measured: { threads: number; imagesPerSecond: number }[] = [];
  for (let wanted = 1; wanted <= cores; wanted++) {
    const threads = lab.setWasmThreads(wanted);
    if (threads !== wanted) break; // no WebAssembly threads here (not cross-origin isolated, or no support)
    const model = createCnn(seed);
    const speed = await measureThroughput(model, set, { batchSize, steps: 4, warmupSteps: 1 });
    model.dispose();
    measured.push({ threads, imagesPerSecond: speed.imagesPerSecond });
  }
  const best = measured.reduce(
    (fastest, entry) => (entry.imagesPerSecond > fastest.imagesPerSecond ? entry : fastest),
    measured[0] ?? { threads: 1, imagesPerSecond: 0 },
  );
  lab.setWasmThreads(best.threads);
  if (measured.length > 1) {
    lab.table(
      measured.map((entry) => ({
        'WASM threads': entry.threads,
        'images/s': round(entry.imagesPerSecond, 1),
        chosen: entry === best,
      })),
      { title: `WASM threads measured on this machine (${lab.device().cores} logical cores): the fastest is used` },
    );
  } else {
    lab.log(
      `WASM runs on 1 thread: ${lab.device().crossOriginIsolated ? `this machine reports ${lab.device().cores} logical core(s)` : 'the page is not cross-origin isolated, so WebAssembly threads are off'}.`,
    );
  }
  return best.threads;
}
