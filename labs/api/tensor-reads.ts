/**
 * Counting read-backs: every call that copies a tensor's values from the backend to JavaScript, where a
 * GPU backend makes the CPU wait for the GPU. The exercise harness counts the program's reads with this;
 * a check that simulates a device (simulated-device.ts) uses it to make reads wait for that device.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { ReadMethod } from './exercise';

/** Every method of `tf.Tensor` that reads values back. */
export const readMethods: readonly ReadMethod[] = ['data', 'dataSync', 'array', 'arraySync', 'bytes', 'buffer', 'bufferSync'];

type Method = (this: tfjs.Tensor, ...args: unknown[]) => unknown;

/**
 * Calls `onRead` before every read-back of any tensor until the returned function is called, which puts
 * the original methods back and returns the names of those the code under watch replaced in the meantime
 * (empty when nobody touched them). A read method that calls another one (`arraySync` calls `dataSync`,
 * `array` calls `data`) is reported once, as the method the code called.
 */
export function watchTensorReads(tf: typeof tfjs, onRead: (method: ReadMethod, tensor: tfjs.Tensor) => void): () => string[] {
  const prototype = tf.Tensor.prototype as unknown as Record<ReadMethod, Method>;
  let depth = 0;
  const installed = readMethods.map((method) => {
    const original = prototype[method];
    const wrapper: Method = function (this: tfjs.Tensor, ...args: unknown[]) {
      if (depth === 0) onRead(method, this);
      // The inner call of arraySync (or of an async read, before its first await) runs inside this one.
      depth += 1;
      try {
        return original.apply(this, args);
      } finally {
        depth -= 1;
      }
    };
    prototype[method] = wrapper;
    return { method, original, wrapper };
  });
  return () => {
    const replaced: string[] = [];
    for (const { method, original, wrapper } of installed) {
      if (prototype[method] !== wrapper) replaced.push(`Tensor.prototype.${method}`);
      prototype[method] = original;
    }
    return replaced;
  };
}
