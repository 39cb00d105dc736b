/**
 * A pretend GPU with its own clock, for checks of timing code. Real timings are noisy, and on the CPU
 * backend of Node (where exercise tests run) every op finishes before it returns, so a missing
 * synchronisation changes nothing measurable. This device behaves like WebGL or CUDA instead, and
 * deterministically:
 *
 * - `work()` returns after `launchMs` of host time, but keeps the device busy for `kernelMs` more: the work
 *   is queued, as on a GPU.
 * - The very first call also spends `compileMs` on the host (a shader compiled on first use).
 * - Reading any tensor back waits until the device has finished everything queued, as `await data()`
 *   does on a GPU backend.
 * - `performance.now()` and `Date.now()` read the simulated clock while the device is installed.
 *
 * So a fair measurement of one warmed-up call reports `kernelMs` to `launchMs + kernelMs`, a cold one adds
 * `compileMs`, and one that never waits reports about `launchMs`.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { watchTensorReads } from '../api/tensor-reads.ts';

export interface SimulatedDeviceOptions {
  /** Host milliseconds to queue one call: all an unsynchronised clock sees. */
  launchMs: number;
  /** Device milliseconds one call keeps the GPU busy after it returned. */
  kernelMs: number;
  /** Extra host milliseconds of the first call, compiling the GPU program. */
  compileMs: number;
}

export interface SimulatedDevice extends Readonly<SimulatedDeviceOptions> {
  /** The work to time: queues one call on the device and returns a small real tensor (the caller disposes it). */
  readonly work: () => tfjs.Tensor;
  /** How many times `work` has been called. */
  readonly calls: number;
  /** The simulated clock, in milliseconds. */
  readonly now: number;
  /** Skips the one-off compilation, as if an earlier call had warmed the device up. */
  warm(): void;
  /**
   * Makes `performance.now()`, `Date.now()` and every tensor read follow this device, until the returned
   * function is called, which puts everything back.
   */
  install(): () => void;
}

/** `Date.now()` on the simulated clock starts here (a plausible epoch time, so code that prints dates still works). */
const dateOrigin = Date.UTC(2026, 0, 1);

export function simulatedDevice(tf: typeof tfjs, options: SimulatedDeviceOptions): SimulatedDevice {
  let clock = 1000;
  let queueEnd = clock;
  let calls = 0;
  let compiled = false;

  const device: SimulatedDevice = {
    ...options,
    work: () => {
      calls += 1;
      if (!compiled) {
        clock += options.compileMs;
        compiled = true;
      }
      clock += options.launchMs;
      queueEnd = Math.max(queueEnd, clock) + options.kernelMs;
      return tf.scalar(calls);
    },
    get calls() {
      return calls;
    },
    get now() {
      return clock;
    },
    warm() {
      compiled = true;
    },
    install() {
      const ownNow = Object.getOwnPropertyDescriptor(performance, 'now');
      const dateNow = Object.getOwnPropertyDescriptor(Date, 'now');
      Object.defineProperty(performance, 'now', { value: () => clock, configurable: true, writable: true });
      Object.defineProperty(Date, 'now', { value: () => dateOrigin + clock, configurable: true, writable: true });
      const stopWaiting = watchTensorReads(tf, () => {
        clock = Math.max(clock, queueEnd);
      });
      return () => {
        stopWaiting();
        if (ownNow) Object.defineProperty(performance, 'now', ownNow);
        else delete (performance as { now?: unknown }).now;
        if (dateNow) Object.defineProperty(Date, 'now', dateNow);
      };
    },
  };
  return device;
}
