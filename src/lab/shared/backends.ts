/**
 * The four TensorFlow.js backends a lab can pick, with the words the page uses for them: the one list of
 * backend names, shared by the picker (Lab.astro), the page's checks, the worker and the tests. The
 * type itself lives with the lab API (labs/api/index.ts); the record below makes the compiler check that
 * each name there has its words here.
 */
import type { BackendName } from '../../../labs/api/index.ts';

export type { BackendName };

const backends = {
  cpu: { label: 'CPU', summary: 'plain JavaScript, one thread' },
  wasm: { label: 'WASM', summary: 'WebAssembly on the CPU, SIMD and threads' },
  webgl: { label: 'WebGL', summary: 'GPU, through WebGL 2 shaders' },
  webgpu: { label: 'WebGPU', summary: 'GPU, through WebGPU compute shaders' },
} as const satisfies Record<BackendName, { label: string; summary: string }>;

/** In the order the picker lists them: from plain JavaScript to the newest GPU API. */
export const backendNames = Object.keys(backends) as BackendName[];

/** The backend a learner starts with: the GPU path every current browser supports. */
export const defaultBackend: BackendName = 'webgl';

export function backendLabel(name: BackendName): string {
  return backends[name].label;
}

/** One line on how each backend computes, shown next to its name. */
export function backendSummary(name: BackendName): string {
  return backends[name].summary;
}

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && Object.hasOwn(backends, value);
}
