/**
 * How much memory a lab run may take before the page stops it, and why.
 *
 * A lab's worker lives in the page's process. When a run asks for more memory than the browser gives that
 * process, the whole tab dies (Chrome's "Aw, Snap!"), taking the page with it. So the page stops a run that
 * passes a budget, before the browser kills the tab. The budget comes from what the browser says about the
 * device:
 *
 *   tensors  min(1.5 GiB, ¼ of navigator.deviceMemory)  tf.memory().numBytes, and numBytesInGPU on WebGL/WebGPU,
 *                                                        checked by the worker at every new tensor
 *   page     min(3 GiB, ½ of navigator.deviceMemory)    performance.measureUserAgentSpecificMemory(), every few
 *                                                        seconds, where the browser offers it (cross-origin
 *                                                        isolated Chromium)
 *
 * Why these figures. Tensors are not all that a run holds: values read back with data() or array() are
 * copies, the WASM backend's heap only grows, and the page, the editor and TensorFlow.js need their share;
 * so tensors get half of the page's budget. 3 GiB keeps the page under 4 GiB, the most that WebAssembly
 * (the WASM backend) and 32-bit browsers can address at all, and far under what a 64-bit tab gets on
 * most laptops; on smaller devices a quarter of the RAM for tensors leaves the rest to the system, the
 * browser and the other tabs. `navigator.deviceMemory` rounds the RAM down to a power of two and stops at
 * 8 (GiB); Firefox and Safari do not give it, and then 4 GiB is assumed (1 GiB of tensors).
 *
 * `?lab-memory-budget=<MiB>` in the page's address lowers the tensor budget (never raises it): to see how a
 * program fares on a smaller device, or to check the stop without allocating gigabytes (the end-to-end
 * test does). labs/README.md, "Memory budget", says the same for lab authors.
 */

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;

/** The figures above, in one place. */
const budgetRules = {
  tensorCapBytes: 1.5 * GiB,
  tensorShareOfDevice: 1 / 4,
  pageCapBytes: 3 * GiB,
  pageShareOfDevice: 1 / 2,
  /** navigator.deviceMemory where the browser does not say. */
  assumedDeviceGiB: 4,
} as const;

/** The query parameter that lowers the tensor budget, in MiB. */
const budgetParameter = 'lab-memory-budget';

export interface MemoryBudget {
  /** Bytes of tensors a run may hold (tf.memory().numBytes, or the GPU's numBytesInGPU). */
  tensorBytes: number;
  /** Bytes the whole page may use, as measureUserAgentSpecificMemory() counts them. */
  pageBytes: number;
  /** True when `?lab-memory-budget` lowered the tensor budget. */
  lowered: boolean;
}

/** The budget on a device with `deviceMemoryGiB` of RAM (undefined: unknown), lowered to `overrideMiB` if smaller. */
export function memoryBudget(deviceMemoryGiB: number | undefined, overrideMiB: number | null = null): MemoryBudget {
  const deviceGiB =
    deviceMemoryGiB !== undefined && Number.isFinite(deviceMemoryGiB) && deviceMemoryGiB > 0
      ? deviceMemoryGiB
      : budgetRules.assumedDeviceGiB;
  const deviceTensorBytes = Math.min(budgetRules.tensorCapBytes, deviceGiB * GiB * budgetRules.tensorShareOfDevice);
  const pageBytes = Math.min(budgetRules.pageCapBytes, deviceGiB * GiB * budgetRules.pageShareOfDevice);
  const overrideBytes = overrideMiB === null ? Infinity : overrideMiB * MiB;
  return {
    tensorBytes: Math.min(deviceTensorBytes, overrideBytes),
    pageBytes,
    lowered: overrideBytes < deviceTensorBytes,
  };
}

/** The `?lab-memory-budget=<MiB>` of a page address's query (`location.search`): a positive number, or null. */
export function budgetOverride(search: string): number | null {
  const raw = new URLSearchParams(search).get(budgetParameter);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** This page's budget, from the browser's navigator.deviceMemory and the page's address. */
export function browserMemoryBudget(): MemoryBudget {
  const deviceMemory = (globalThis.navigator as { deviceMemory?: unknown } | undefined)?.deviceMemory;
  return memoryBudget(
    typeof deviceMemory === 'number' ? deviceMemory : undefined,
    budgetOverride(globalThis.location?.search ?? ''),
  );
}

/** What a run uses at one moment, as far as the page knows. */
export interface MemoryUse {
  /** tf.memory().numBytes: the bytes of every tensor alive in the run's worker. */
  tensorBytes: number;
  /** numBytesInGPU on WebGL and WebGPU: the GPU memory those tensors take. */
  gpuBytes?: number;
  /** measureUserAgentSpecificMemory(): the whole page, its workers included. */
  pageBytes?: number;
  /** The same measurement's largest dedicated worker: the run's own worker, its JavaScript objects. */
  workerBytes?: number;
}

export interface BudgetExcess {
  what: 'tensors' | 'gpu' | 'worker' | 'page';
  bytes: number;
  budget: number;
}

/**
 * What the run's worker may hold, its JavaScript objects included: a worker's heap that reaches V8's
 * limit (about 4 GiB) takes the whole tab down, after a long stall. The page's budget keeps it well under
 * that; `?lab-memory-budget` lowers it with the tensors' budget, so the stop can be tried in seconds.
 */
export function workerBudget(budget: MemoryBudget): number {
  return budget.lowered ? Math.min(budget.tensorBytes, budget.pageBytes) : budget.pageBytes;
}

/** The first measure of `use` that is over `budget`, or null when all are within it. */
export function overBudget(use: MemoryUse, budget: MemoryBudget): BudgetExcess | null {
  if (use.tensorBytes > budget.tensorBytes) return { what: 'tensors', bytes: use.tensorBytes, budget: budget.tensorBytes };
  if (use.gpuBytes !== undefined && use.gpuBytes > budget.tensorBytes)
    return { what: 'gpu', bytes: use.gpuBytes, budget: budget.tensorBytes };
  const workerBytes = workerBudget(budget);
  if (use.workerBytes !== undefined && use.workerBytes > workerBytes)
    return { what: 'worker', bytes: use.workerBytes, budget: workerBytes };
  if (use.pageBytes !== undefined && use.pageBytes > budget.pageBytes)
    return { what: 'page', bytes: use.pageBytes, budget: budget.pageBytes };
  return null;
}
