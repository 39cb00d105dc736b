/**
 * Remembers the backend a learner last picked, for every lab on every page.
 * Stored shape: localStorage["course-lab:v1:backend"] = "cpu" | "wasm" | "webgl" | "webgpu".
 * Anything else is ignored.
 *
 * Until a learner picks one, the default is WebGL, except where a software renderer (SwiftShader,
 * llvmpipe…) draws WebGL: there the "GPU" is an emulation on the CPU, slower than WASM, so WASM is the
 * honest default.
 */
import { defaultBackend, isBackendName, type BackendName } from '../shared/backends.ts';
import { webglRendererName } from '../shared/device-description.ts';
import { softwareRendererName } from '../../../labs/api/software-renderers.ts';

const key = 'course-lab:v1:backend';

let defaultHere: BackendName | undefined;

/** The default on this machine, asked of WebGL once per page (a context made and dropped: a few milliseconds). */
function defaultBackendHere(): BackendName {
  if (defaultHere) return defaultHere;
  let renderer: string | null = null;
  try {
    renderer = webglRendererName();
  } catch {
    // No WebGL at all: the usual default, whose failure the run explains.
  }
  defaultHere = renderer !== null && softwareRendererName(renderer) !== null ? 'wasm' : defaultBackend;
  return defaultHere;
}

export function loadBackendChoice(): BackendName {
  try {
    const saved = localStorage.getItem(key);
    return isBackendName(saved) ? saved : defaultBackendHere();
  } catch {
    return defaultBackendHere();
  }
}

export function saveBackendChoice(backend: BackendName): void {
  try {
    localStorage.setItem(key, backend);
  } catch {
    // Storage disabled: the choice holds for this page only.
  }
}
