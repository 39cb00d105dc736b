/**
 * Turns whatever a lab program logs into readable text: tensors show their dtype, shape and values,
 * typed arrays their elements, plain data its JSON. Long arrays are cut so one log line can never
 * flood the page.
 */
import * as tf from '@tensorflow/tfjs';
import { cutText, outputLimits } from '../shared/output-limit.ts';

const maxArrayItems = 100;

type TypedArray =
  Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint8ClampedArray | Uint16Array | Uint32Array;

function isTypedArray(value: unknown): value is TypedArray {
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  );
}

/** `instanceof tf.Tensor` narrows to `Tensor<any>`; this keeps the rank typed. */
function isTensor(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor;
}

/** `String(value)` for anything: a function's source, a symbol's description, an object's own toString. */
function stringOf(value: unknown): string {
  return String(value);
}

function describeTensor(tensor: tf.Tensor): string {
  // toString() reads the values back synchronously: fine for a log line, and it throws the
  // learner's own "Tensor is disposed" error when they log a tensor they already freed.
  // tfjs prints "Tensor" and then the values indented by four spaces; keep the values, unindented.
  const values = tensor
    .toString()
    .split('\n')
    .slice(1)
    .map((line) => line.replace(/^ {4}/, ''))
    .join('\n');
  return `Tensor ${tensor.dtype} [${tensor.shape.join(', ')}]\n${values}`;
}

function describeTypedArray(array: TypedArray): string {
  const shown = Array.from(array.subarray(0, maxArrayItems), (item) => String(item));
  const more = array.length > maxArrayItems ? `, … ${array.length - maxArrayItems} more` : '';
  return `${array.constructor.name}(${array.length}) [${shown.join(', ')}${more}]`;
}

/** JSON with tensors, typed arrays, bigints and non-finite numbers shown the way a learner expects. */
function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (isTensor(item)) return `Tensor ${item.dtype} [${item.shape.join(', ')}]`;
      if (isTypedArray(item)) return describeTypedArray(item);
      if (typeof item === 'bigint') return `${item}n`;
      if (typeof item === 'number' && !Number.isFinite(item)) return String(item);
      if (Array.isArray(item) && item.length > maxArrayItems) {
        const items: readonly unknown[] = item;
        return [...items.slice(0, maxArrayItems), `… ${items.length - maxArrayItems} more`];
      }
      return item;
    },
    2,
  );
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isTensor(value)) return describeTensor(value);
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (isTypedArray(value)) return describeTypedArray(value);
  if (typeof value !== 'object' || value === null) return stringOf(value);
  try {
    return toJson(value) ?? stringOf(value);
  } catch {
    // Circular structures and exotic objects: their string form is the best we can do.
    return stringOf(value);
  }
}

/** Joins logged values with spaces, like `console.log`, capped in length. */
export function formatLogLine(values: readonly unknown[]): string {
  return cutText(values.map(formatValue).join(' '), outputLimits.textChars);
}
