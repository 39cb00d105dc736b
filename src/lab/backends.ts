/**
 * The four TensorFlow.js backends a lab can pick, with the words the page uses for them.
 * Shared by the picker (page), the worker that sets the backend up, and the tests.
 */
import type { BackendName } from '../../labs/api/index.ts';

export type { BackendName };

/** In the order the picker lists them: from plain JavaScript to the newest GPU API. */
export const backendNames: readonly BackendName[] = ['cpu', 'wasm', 'webgl', 'webgpu'];

/** The backend a learner starts with: the GPU path every current browser supports. */
export const defaultBackend: BackendName = 'webgl';

export const backendLabels: Readonly<Record<BackendName, string>> = {
  cpu: 'CPU',
  wasm: 'WASM',
  webgl: 'WebGL',
  webgpu: 'WebGPU',
};

/** One line on how each backend computes, shown next to its name. */
export const backendSummaries: Readonly<Record<BackendName, string>> = {
  cpu: 'plain JavaScript, one thread',
  wasm: 'WebAssembly on the CPU, SIMD and threads',
  webgl: 'GPU, through WebGL 2 shaders',
  webgpu: 'GPU, through WebGPU compute shaders',
};

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (backendNames as readonly string[]).includes(value);
}
