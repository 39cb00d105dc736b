/**
 * What this browser can run, checked in the page before any backend is loaded, so the picker can say
 * which backends are available and, when one is not, why. The checks mirror what each TensorFlow.js
 * backend needs inside a worker, and the words are the worker's (device-description.ts); the worker
 * still reports what actually ran.
 */
import type { BackendName } from '../shared/backends.ts';
import { logicalCores, wasmThreadCount, webglRendererName, webgpuAdapterName } from '../shared/device-description.ts';

export interface BackendSupport {
  available: boolean;
  /** Shown next to the backend: what it will use, or why it cannot run here. */
  detail: string;
}

/** The tiny SIMD module tfjs-backend-wasm validates to choose its SIMD binary (from wasm-feature-detect). */
const simdProbe = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11,
]);

/** The threads the worker will really start (one per logical core when isolated), and SIMD. */
function wasmSupport(): BackendSupport {
  if (typeof WebAssembly !== 'object') return { available: false, detail: 'unavailable: this browser has no WebAssembly' };
  const simd = WebAssembly.validate(simdProbe) ? 'SIMD' : 'no SIMD';
  if (globalThis.crossOriginIsolated !== true) {
    return {
      available: true,
      detail: `single-threaded (1 thread), ${simd}: this page is not cross-origin isolated, so no SharedArrayBuffer`,
    };
  }
  const threads = wasmThreadCount();
  if (threads === 1)
    return { available: true, detail: `1 thread (this device reports ${logicalCores() || 'no'} logical cores), ${simd}` };
  return { available: true, detail: `multi-threaded: ${threads} threads, one per logical core, ${simd}` };
}

function webglSupport(): BackendSupport {
  if (typeof OffscreenCanvas === 'undefined') {
    return { available: false, detail: 'unavailable: no OffscreenCanvas, so a worker cannot use WebGL' };
  }
  const renderer = webglRendererName();
  return renderer === null
    ? { available: false, detail: 'unavailable: WebGL 2 is disabled or the GPU is blocklisted' }
    : { available: true, detail: renderer };
}

async function webgpuSupport(): Promise<BackendSupport> {
  if (!isSecureContext) return { available: false, detail: 'unavailable: WebGPU needs HTTPS (or localhost)' };
  if (!('gpu' in navigator) || !navigator.gpu) {
    return { available: false, detail: 'unavailable: no navigator.gpu (this browser has no WebGPU, or it is turned off)' };
  }
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { available: false, detail: 'unavailable: the browser found no WebGPU adapter' };
    return { available: true, detail: webgpuAdapterName(adapter.info) };
  } catch (error) {
    return { available: false, detail: `unavailable: ${error instanceof Error ? error.message : String(error)}` };
  }
}

let detected: Promise<Record<BackendName, BackendSupport>> | undefined;

/** Detects once per page; every lab on the page shares the answer. */
export function detectBackendSupport(): Promise<Record<BackendName, BackendSupport>> {
  detected ??= (async () => ({
    cpu: { available: true, detail: 'always available' },
    wasm: wasmSupport(),
    webgl: webglSupport(),
    webgpu: await webgpuSupport(),
  }))();
  return detected;
}
