/**
 * Makes the JavaScript the check relies on unchangeable before a learner's program runs in an exercise.
 *
 * The program, the harness and the check share one realm. A program that replaces
 * `Array.prototype.every` makes `requirements.every(…)` say yes; one that replaces
 * `Array.prototype.push` drops the failed requirements a check pushes; one that replaces
 * `tf.engine().memory` hides the tensors it leaked. Capturing the originals would protect the harness
 * only: every check is ordinary code that calls `.map`, `.push`, `Object.entries` and `JSON.stringify`
 * as they are when it runs. Putting them back after the program would lose to a timer the program left
 * running during the check. So the realm is locked instead, which nothing can undo:
 *
 * - the prototypes and namespaces of the built-ins checks use are frozen (`Object.freeze` is one-way);
 * - the global names that lead to them (`Object`, `Array`, `JSON`, `Math`…) become read-only and
 *   non-configurable, so the program cannot swap `globalThis.JSON` for its own;
 * - every method and accessor of the TensorFlow.js engine (`memory`, `trackTensor`, `disposeTensor`…) is
 *   pinned on the engine as a read-only, non-configurable property, and the engine's prototype frozen:
 *   the counts the harness reads stay the engine's own.
 *
 * What stays open, on purpose: `Error.prototype` (a program's `class MyError extends Error` assigns
 * `this.name`, which a frozen prototype would refuse), `Date` and `performance` (simulated-device.ts
 * replaces their clocks), and `tf.Tensor.prototype` (the harness wraps its read methods, and reports a
 * program that replaced them). Ordinary programs and TensorFlow.js run unchanged: they define methods in
 * classes and object literals, which freezing does not affect; only assigning a built-in's method name to
 * an object (`obj.toString = …`) now throws in strict code.
 *
 * The worker locks before it imports an exercise's program (whose top-level code runs on import), and
 * `runExercise` locks again before main, which is a no-op there and protects the runs in Vitest.
 */
import type * as tfjs from '@tensorflow/tfjs';

/** Global names of the built-ins a check or the harness reaches; each becomes read-only. */
const lockedGlobals = [
  'Object',
  'Array',
  'Function',
  'String',
  'Number',
  'Boolean',
  'Symbol',
  'BigInt',
  'RegExp',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Promise',
  'JSON',
  'Math',
  'Reflect',
  'Proxy',
  'ArrayBuffer',
  'Float32Array',
  'Float64Array',
  'Int32Array',
  'Uint8Array',
  'Error',
  'TypeError',
  'RangeError',
  'globalThis',
] as const;

/** Whether this realm has been locked already (the lock cannot be undone, so once is enough). */
let locked = false;

function frozenBuiltIns(): object[] {
  const typedArray = Object.getPrototypeOf(Float32Array) as object;
  const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]()) as object;
  return [
    Object,
    Object.prototype,
    Array,
    Array.prototype,
    arrayIterator,
    Object.getPrototypeOf(arrayIterator) as object,
    Object.getPrototypeOf(new Map().entries()) as object,
    Object.getPrototypeOf(new Set().values()) as object,
    Object.getPrototypeOf(''[Symbol.iterator]()) as object,
    Function.prototype,
    String,
    String.prototype,
    Number,
    Number.prototype,
    Boolean.prototype,
    Symbol,
    Symbol.prototype,
    RegExp.prototype,
    Map.prototype,
    Set.prototype,
    WeakMap.prototype,
    WeakSet.prototype,
    Promise,
    Promise.prototype,
    JSON,
    Math,
    Reflect,
    ArrayBuffer.prototype,
    typedArray,
    (typedArray as { prototype: object }).prototype,
    Float32Array.prototype,
    Float64Array.prototype,
    Int32Array.prototype,
    Uint8Array.prototype,
  ];
}

/** Pins every method and accessor of the engine's class onto the engine itself, read-only, and freezes the class's prototype. */
function pinEngine(tf: typeof tfjs): void {
  const engine = tf.engine() as unknown as object;
  const prototype = Object.getPrototypeOf(engine) as object;
  for (const key of Reflect.ownKeys(prototype)) {
    if (key === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
    if (!descriptor) continue;
    if (Object.prototype.hasOwnProperty.call(engine, key)) continue;
    // The same value or accessor, now an own property of the engine that cannot be replaced or removed.
    const pinned: PropertyDescriptor = 'value' in descriptor ? { ...descriptor, writable: false } : { ...descriptor };
    pinned.configurable = false;
    Object.defineProperty(engine, key, pinned);
  }
  Object.freeze(prototype);
}

/**
 * Locks this realm for an exercise run (see above). Call it before any of the learner's code runs; later
 * calls do nothing. `tf` is the engine the program and the check share.
 */
export function lockExerciseRealm(tf: typeof tfjs): void {
  if (locked) return;
  locked = true;
  pinEngine(tf);
  for (const builtIn of frozenBuiltIns()) Object.freeze(builtIn);
  const global = globalThis as Record<string, unknown>;
  for (const name of lockedGlobals) {
    const descriptor = Object.getOwnPropertyDescriptor(global, name);
    if (descriptor && 'value' in descriptor && descriptor.configurable) {
      Object.defineProperty(global, name, { value: descriptor.value as unknown, writable: false, configurable: false });
    }
  }
}
