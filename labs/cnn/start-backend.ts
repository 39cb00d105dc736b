/**
 * Starts a backend for one of the CNN lab's experiments, the same way for all of them: a backend that
 * cannot start is skipped with its reason, and WASM gets the thread count that trains fastest here.
 */
import type { BackendName, DeviceInfo, Lab } from '../api';
import type { ImageSet } from '../api/cifar10.ts';
import { useFastestWasmThreads } from './wasm-threads.ts';

/** The device `backend` runs on, or undefined (after saying why) when it cannot start. */
export async function startBackend(
  lab: Lab,
  backend: BackendName,
  probe: ImageSet,
  batchSize: number,
  seed: number,
): Promise<DeviceInfo | undefined> {
  let device: DeviceInfo;
  try {
    device = await lab.useBackend(backend);
  } catch (error) {
    lab.log(`Skipping ${backend}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (backend !== 'wasm') return device;
  const threads = await useFastestWasmThreads(lab, probe, batchSize, seed);
  return { ...device, description: device.description.replace(/\d+ threads?/, `${threads} thread${threads === 1 ? '' : 's'}`) };
}
