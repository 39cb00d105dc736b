/**
 * `lab.useBackend` switched TensorFlow.js to another backend. It draws nothing in the output: the page's
 * status line names the backend running now (lab-client.ts), so that a run that trains on WASM, then on
 * WebGL, never says it runs on the backend the picker started it with.
 */
import type { OutputKind } from './output-kind.ts';

export interface BackendSwitchOutput {
  kind: 'backend';
  /** The backend TensorFlow.js runs on now. */
  backend: string;
  description: string;
}

export const backendSwitchKind: OutputKind<BackendSwitchOutput> = {
  read: (fields) => ({ kind: 'backend', backend: fields.label('backend'), description: fields.label('description') }),
  render() {
    // Nothing to draw: see absorb.
  },
  absorb: () => true,
};
