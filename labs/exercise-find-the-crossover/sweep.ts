/**
 * The sweep this exercise measures with: an n × n matrix product, timed at growing sizes on one backend.
 * main.ts calls it once for the CPU side and once for the GPU side.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName, Lab } from '../api';

/** Matrix sizes to time, small to large. */
export const SIZES = [32, 64, 128, 256, 512, 1024];
/** Timed runs per size. The table keeps their median, so one slow run cannot decide a size. */
export const REPEATS = 3;
/** The most time one size may take on one side, warm-up included. The sweep stops before a size that would take longer. */
export const STEP_BUDGET_MS = 2000;

/** One side's measurements. */
export interface Sweep {
  /** The backend that ran them. */
  backend: BackendName;
  /** Matrix size → median milliseconds of one matMul. */
  medians: Map<number, number>;
  /** True when the "GPU" is a software renderer: the CPU behind an emulator, which cannot win. */
  softwareRenderer: boolean;
}

/**
 * Products per timed run: about 4 million multiply-adds, between 2 and 16 products. Small products are
 * repeated so that the one wait at the end of a run is a small part of it.
 */
export function callsPerRun(n: number): number {
  return Math.min(16, Math.max(2, Math.round(2 ** 22 / n ** 3)));
}

/**
 * Times one run of `calls` products of `a` with itself. lab.time waits for the device by reading back
 * what the work returns. Reading the whole n × n product would time its copy to JavaScript as well: that
 * copy grows with n² and costs a GPU far more than a CPU backend, whose result is already in memory. So the
 * work returns one element of the last product. A GPU runs queued work in order: once that element is
 * ready, every product before it is finished too.
 */
async function timeProducts(lab: Lab, label: string, a: tf.Tensor2D, calls: number): Promise<number> {
  const timing = await lab.time(
    label,
    () =>
      tf.tidy(() => {
        let product = tf.matMul(a, a);
        for (let call = 1; call < calls; call++) {
          product.dispose();
          product = tf.matMul(a, a);
        }
        return product.slice([0, 0], [1, 1]);
      }),
    { warmup: 1, repeats: REPEATS },
  );
  return timing.medianMs / calls;
}

/**
 * Switches to the first backend of `names` that starts and times every size there, until 1024 or until
 * the next size would take longer than STEP_BUDGET_MS (it says so when it stops early). Null when no
 * backend of `names` starts.
 */
export async function sweep(lab: Lab, names: readonly BackendName[]): Promise<Sweep | null> {
  for (const backend of names) {
    let softwareRenderer: boolean;
    try {
      ({ softwareRenderer } = await lab.useBackend(backend));
    } catch {
      continue;
    }
    const medians = new Map<number, number>();
    for (const [index, n] of SIZES.entries()) {
      const a = tf.randomNormal<tf.Rank.R2>([n, n], 0, 1, 'float32', n);
      const calls = callsPerRun(n);
      medians.set(n, await timeProducts(lab, `${backend} matMul ${n}×${n}, ${calls} per run`, a, calls));
      a.dispose();

      const next = SIZES[index + 1];
      if (next === undefined) break;
      // Eight times the multiply-adds per product when n doubles.
      const nextMs = (medians.get(n) ?? 0) * (next / n) ** 3 * callsPerRun(next) * (1 + REPEATS);
      if (nextMs > STEP_BUDGET_MS) {
        lab.log(
          `${backend}: stopped after ${n} × ${n}. ${next} × ${next} would take about ${(nextMs / 1000).toFixed(1)} s, ` +
            `over the budget of ${STEP_BUDGET_MS / 1000} s a size.`,
        );
        break;
      }
    }
    return { backend, medians, softwareRenderer };
  }
  return null;
}
