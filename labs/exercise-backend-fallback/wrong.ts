/** A wrong answer the tests use (never shown): it falls back, but tries the slowest backend first. */
import type { BackendName, Lab } from '../api';

export const PREFERRED: readonly BackendName[] = ['cpu', 'wasm', 'webgl', 'webgpu'];

export async function pickBackend(lab: Lab): Promise<string> {
  for (const name of PREFERRED) {
    try {
      return (await lab.useBackend(name)).backend;
    } catch {
      // try the next one
    }
  }
  return 'none';
}

export default async function main(lab: Lab) {
  lab.log(`Running on ${await pickBackend(lab)}`);
}
