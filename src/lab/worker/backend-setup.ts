/**
 * Runs in the lab worker: switches TensorFlow.js to the backend the learner picked and describes the
 * device it got. TensorFlow.js falls back silently when a backend fails to start, so this records why,
 * and the page shows which backend really ran.
 *
 * The WASM and WebGPU backends are imported only when picked: each is a sizeable module, and a fresh
 * worker starts for every run.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../../labs/api/index.ts';
import {
  cpuDescription,
  logicalCores,
  wasmDescription,
  wasmThreadCount,
  webglDescription,
  webglRendererName,
  webgpuAdapterName,
  webgpuDescription,
} from '../shared/device-description.ts';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export interface BackendSetup {
  /** A human description of the device, e.g. the GPU's name. */
  description: string;
  /** Why the requested backend did not start, when another one runs instead. */
  fallbackReason?: string;
}

/**
 * Runs `start` (which initialises the WASM backend) with the thread cap of tfjs-backend-wasm lifted.
 * Its build caps the thread pool at navigator.hardwareConcurrency / 2 (it assumes two hyper-threads per
 * core; 8 at most), read once when the module starts, which leaves a 2-core laptop one thread. Reporting
 * twice the cores during start-up lets the pool grow to one thread per logical core; `lab.setWasmThreads`
 * then picks any count up to that, and the CNN lab measures which one trains fastest.
 */
async function withWasmThreadCapLifted<T>(start: () => Promise<T>): Promise<T> {
  const cores = Math.max(1, logicalCores());
  Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => cores * 2 });
  try {
    return await start();
  } finally {
    // The own property shadows the prototype's getter; removing it restores the real figure.
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

async function loadBackend(name: BackendName): Promise<void> {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Served by this site (bundled assets), never from a CDN.
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': new URL(wasmPlainUrl, import.meta.url).href,
      'tfjs-backend-wasm-simd.wasm': new URL(wasmSimdUrl, import.meta.url).href,
      'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreadedSimdUrl, import.meta.url).href,
    });
    // One thread per logical core to start with, as PyTorch does; see withWasmThreadCapLifted.
    wasm.setThreadsCount(wasmThreadCount());
  } else if (name === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
  }
}

async function webgpuAdapter(): Promise<string | null> {
  if (!('gpu' in navigator) || !navigator.gpu) return null;
  const adapter = await navigator.gpu.requestAdapter();
  return adapter ? webgpuAdapterName(adapter.info) : null;
}

/** Why `name` could not start here, found by asking the platform directly. */
async function whyUnavailable(name: BackendName): Promise<string> {
  switch (name) {
    case 'webgl':
      if (typeof OffscreenCanvas === 'undefined') return 'this browser gives workers no OffscreenCanvas, so no WebGL';
      return webglRendererName() === null
        ? 'WebGL 2 is unavailable (disabled, or the GPU is blocklisted)'
        : 'WebGL failed to initialise';
    case 'webgpu':
      if (!('gpu' in navigator) || !navigator.gpu) return 'this browser has no navigator.gpu (WebGPU is missing or disabled)';
      return (await webgpuAdapter()) === null ? 'the browser found no WebGPU adapter' : 'WebGPU failed to initialise';
    case 'wasm':
      return typeof WebAssembly === 'object' ? 'the WebAssembly module failed to load' : 'this browser has no WebAssembly';
    case 'cpu':
      return 'the CPU backend failed to initialise';
  }
}

/** The part of tfjs's WebGL backend that holds its rendering context. */
interface WebGLBackendInternals {
  gpgpu: { gl: WebGL2RenderingContext };
}

async function describe(backend: string): Promise<string> {
  switch (backend) {
    case 'webgl':
      // TensorFlow.js's own context: a second one costs tens of milliseconds on a software renderer.
      return webglDescription(webglRendererName((tf.backend() as Partial<WebGLBackendInternals>).gpgpu?.gl));
    case 'webgpu':
      return webgpuDescription(await webgpuAdapter());
    case 'wasm': {
      const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
      return wasmDescription({ threads: getThreadsCount(), simd: Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) });
    }
    case 'cpu':
      return cpuDescription;
    default:
      return backend;
  }
}

/** The course's extra WASM kernels let convolutional networks train on that backend. */
async function addWasmTrainingKernels(): Promise<void> {
  const { registerWasmTrainingKernels } = await import('./wasm-kernels/index.ts');
  registerWasmTrainingKernels();
}

/**
 * For `lab.useBackend`: switches a running program to `name`, set up as the picker does, and describes
 * the device. Unlike the picker it never falls back: when `name` cannot start it throws the reason
 * and puts the previous backend back.
 */
export async function switchBackend(name: BackendName): Promise<string> {
  const previous = tf.getBackend();
  let started: boolean;
  try {
    await loadBackend(name);
    started = await withWasmThreadCapLifted(() => tf.setBackend(name));
  } catch (error) {
    // tfjs throws before switching (e.g. a backend that never registered), so `previous` is still active.
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`The ${name} backend could not start: ${await whyUnavailable(name)} (${detail}).`, { cause: error });
  }
  if (!started) {
    await tf.setBackend(previous);
    throw new Error(`The ${name} backend could not start: ${await whyUnavailable(name)}.`);
  }
  if (name === 'wasm') await addWasmTrainingKernels();
  return describe(name);
}

export async function setUpBackend(requested: BackendName): Promise<BackendSetup> {
  let fallbackReason: string | undefined;
  try {
    await loadBackend(requested);
    if (!(await withWasmThreadCapLifted(() => tf.setBackend(requested)))) fallbackReason = await whyUnavailable(requested);
  } catch (error) {
    fallbackReason = error instanceof Error ? error.message : String(error);
  }
  // After a failure, tf.ready() starts the best backend that does work, as tfjs would on its own.
  await withWasmThreadCapLifted(() => tf.ready());
  const active = tf.getBackend();
  if (active === 'wasm') await addWasmTrainingKernels();
  return { description: await describe(active), fallbackReason };
}
