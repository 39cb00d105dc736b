/**
 * A machine whose WebGPU fails, for checks of backend fallbacks. Judged on the real machine, a program
 * that never falls back passes wherever WebGPU starts; with this, every machine (Node's CPU backend
 * included) behaves like one without a working WebGPU, so the same program fails everywhere.
 *
 * Two machines are simulated, as browsers have both:
 * - 'adapter-fails': `navigator.gpu` is there, but no adapter starts (`requestAdapter()` gives null), so
 *   `lab.useBackend('webgpu')` rejects. A program has to try WebGPU and go on.
 * - 'missing': the browser has no WebGPU at all: `navigator.gpu` is absent and `useBackend('webgpu')`
 *   rejects too. A program may skip WebGPU here, or try it and go on.
 *
 * Every other backend is asked of the real lab, and every request is recorded, as the harness records them.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Lab } from '../api';
import type { BackendRequest } from '../api/exercise';

export type WebGpuFailure = 'adapter-fails' | 'missing';

export interface SimulatedWebGpu {
  /** The lab to give the program: `useBackend('webgpu')` rejects, the others go to the real lab. */
  readonly lab: Lab;
  /** Every `useBackend` call made through `lab`, in order. */
  readonly requests: readonly BackendRequest[];
  /** Shows `navigator.gpu` as this machine has it, until the returned function puts the real one back. */
  install(): () => void;
}

const reasons: Record<WebGpuFailure, string> = {
  'adapter-fails': 'WebGPU is present, but no GPU adapter was found (simulated by the check)',
  missing: 'this browser has no WebGPU: navigator.gpu is missing (simulated by the check)',
};

/** The object that holds `navigator.gpu` (the navigator or one of its prototypes), or null. */
function gpuOwner(navigatorObject: object): object | null {
  for (let owner: object | null = navigatorObject; owner; owner = Object.getPrototypeOf(owner) as object | null) {
    if (Object.prototype.hasOwnProperty.call(owner, 'gpu')) return owner;
  }
  return null;
}

export function simulatedWebGpu(tf: typeof tfjs, realLab: Lab, failure: WebGpuFailure): SimulatedWebGpu {
  const requests: BackendRequest[] = [];
  const lab: Lab = {
    ...realLab,
    async useBackend(name) {
      if (name === 'webgpu') {
        const error = reasons[failure];
        requests.push({ kind: 'backend', name, started: false, backend: tf.getBackend(), error });
        throw new Error(`The webgpu backend could not start: ${error}.`);
      }
      try {
        const device = await realLab.useBackend(name);
        requests.push({ kind: 'backend', name, started: true, backend: tf.getBackend(), error: null });
        return device;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        requests.push({ kind: 'backend', name, started: false, backend: tf.getBackend(), error: message });
        throw error;
      }
    },
  };

  return {
    lab,
    requests,
    install() {
      const global = globalThis as { navigator?: object };
      const hadNavigator = global.navigator !== undefined;
      if (!hadNavigator) {
        Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
      }
      const navigatorObject = global.navigator as object;
      const owner = gpuOwner(navigatorObject);
      const original = owner ? Object.getOwnPropertyDescriptor(owner, 'gpu') : undefined;
      const fakeGpu = { requestAdapter: () => Promise.resolve(null), wgslLanguageFeatures: new Set<string>() };
      // 'missing' removes gpu wherever it is defined, so `'gpu' in navigator` is false as well.
      if (owner) delete (owner as { gpu?: unknown }).gpu;
      if (failure === 'adapter-fails') {
        Object.defineProperty(navigatorObject, 'gpu', { value: fakeGpu, configurable: true, enumerable: true });
      }
      return () => {
        delete (navigatorObject as { gpu?: unknown }).gpu;
        if (owner && original) Object.defineProperty(owner, 'gpu', original);
        if (!hadNavigator) delete global.navigator;
      };
    },
  };
}
