/**
 * Remembers the backend a learner last picked, for every lab on every page.
 * Stored shape: localStorage["course-lab:v1:backend"] = "cpu" | "wasm" | "webgl" | "webgpu".
 * Anything else is ignored.
 */
import { defaultBackend, isBackendName, type BackendName } from '../shared/backends.ts';

const key = 'course-lab:v1:backend';

export function loadBackendChoice(): BackendName {
  try {
    const saved = localStorage.getItem(key);
    return isBackendName(saved) ? saved : defaultBackend;
  } catch {
    return defaultBackend;
  }
}

export function saveBackendChoice(backend: BackendName): void {
  try {
    localStorage.setItem(key, backend);
  } catch {
    // Storage disabled: the choice holds for this page only.
  }
}
