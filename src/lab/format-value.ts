/**
 * Turns whatever a lab program logs into readable text: tensors show their dtype, shape and values,
 * typed arrays their elements, plain data its JSON. Long arrays are cut so one log line can never
 * flood the page.
 */
import * as tf from '@tensorflow/tfjs';

const maxArrayItems = 100;
const maxTextLength = 20_000;

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
      if (item instanceof tf.Tensor) return `Tensor ${item.dtype} [${item.shape.join(', ')}]`;
      if (isTypedArray(item)) return describeTypedArray(item);
      if (typeof item === 'bigint') return `${item}n`;
      if (typeof item === 'number' && !Number.isFinite(item)) return String(item);
      if (Array.isArray(item) && item.length > maxArrayItems) {
        return [...item.slice(0, maxArrayItems), `… ${item.length - maxArrayItems} more`];
      }
      return item;
    },
    2,
  );
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof tf.Tensor) return describeTensor(value);
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (isTypedArray(value)) return describeTypedArray(value);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return toJson(value) ?? String(value);
  } catch {
    // Circular structures and exotic objects: their string form is the best we can do.
    return String(value);
  }
}

/** Joins logged values with spaces, like `console.log`, capped in length. */
export function formatLogLine(values: readonly unknown[]): string {
  const text = values.map(formatValue).join(' ');
  return text.length > maxTextLength
    ? `${text.slice(0, maxTextLength)} … (${text.length - maxTextLength} more characters)`
    : text;
}
