/**
 * A matrix product written directly in WGSL, WebGPU's shading language, once with 32-bit floats and once
 * with 16-bit floats (`enable f16;`), so the lab can time the two and compare their error. No
 * TensorFlow.js here: this is what a GPU kernel looks like underneath.
 *
 * f16 in shaders is an optional WebGPU feature, 'shader-f16': the adapter lists it only when the GPU
 * and driver support 16-bit arithmetic. Software adapters such as SwiftShader do not list it.
 */
import { fromFloat16Bits, toFloat16Bits } from './precision.ts';

export type ShaderFloat = 'f32' | 'f16';

/** One thread per output element; each sums a row of `a` times a column of `b`, in `T`. */
function matMulShader(type: ShaderFloat): string {
  return `${type === 'f16' ? 'enable f16;\n' : ''}
override N: u32;
@group(0) @binding(0) var<storage, read> a: array<${type}>;
@group(0) @binding(1) var<storage, read> b: array<${type}>;
@group(0) @binding(2) var<storage, read_write> c: array<${type}>;

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let row = id.y;
  let col = id.x;
  if (row >= N || col >= N) { return; }
  var sum = ${type}(0);
  for (var k = 0u; k < N; k++) {
    sum += a[row * N + k] * b[k * N + col];
  }
  c[row * N + col] = sum;
}`;
}

export interface GpuMatMulResult {
  type: ShaderFloat;
  /** Median of the timed dispatches, each waited for with `onSubmittedWorkDone`. */
  medianMs: number;
  /** The product, converted back to ordinary numbers. */
  values: Float64Array;
}

function encode(values: Float64Array, type: ShaderFloat): ArrayBuffer {
  if (type === 'f32') return Float32Array.from(values).buffer;
  return Uint16Array.from(values, toFloat16Bits).buffer;
}

function decode(buffer: ArrayBuffer, type: ShaderFloat): Float64Array {
  if (type === 'f32') return Float64Array.from(new Float32Array(buffer));
  return Float64Array.from(new Uint16Array(buffer), fromFloat16Bits);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Multiplies the n×n matrices `a` and `b` (row-major) on `device` in `type`, `repeats` timed times after
 * one untimed run (which compiles the pipeline), and reads the product back once.
 */
export async function gpuMatMul(
  device: GPUDevice,
  a: Float64Array,
  b: Float64Array,
  n: number,
  type: ShaderFloat,
  repeats: number,
): Promise<GpuMatMulResult> {
  const bytes = n * n * (type === 'f32' ? 4 : 2);
  const input = (values: Float64Array) => {
    const buffer = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, encode(values, type));
    return buffer;
  };
  const bufferA = input(a);
  const bufferB = input(b);
  const bufferC = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const readback = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const pipeline = await device.createComputePipelineAsync({
    layout: 'auto',
    compute: { module: device.createShaderModule({ code: matMulShader(type) }), entryPoint: 'main', constants: { N: n } },
  });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [bufferA, bufferB, bufferC].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const dispatch = async () => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(n / 8), Math.ceil(n / 8));
    pass.end();
    device.queue.submit([encoder.finish()]);
    // The queue returns at once; this promise settles when the GPU has really finished.
    await device.queue.onSubmittedWorkDone();
  };
  await dispatch();
  const runsMs: number[] = [];
  for (let run = 0; run < repeats; run++) {
    const started = performance.now();
    await dispatch();
    runsMs.push(performance.now() - started);
  }
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(bufferC, 0, readback, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await readback.mapAsync(GPUMapMode.READ);
  const values = decode(readback.getMappedRange().slice(0), type);
  readback.unmap();
  for (const buffer of [bufferA, bufferB, bufferC, readback]) buffer.destroy();
  return { type, medianMs: median(runsMs), values };
}

/** The same product in float64 on the CPU: the reference both GPU results are measured against. */
export function referenceMatMul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let row = 0; row < n; row++) {
    for (let k = 0; k < n; k++) {
      const left = a[row * n + k] ?? 0;
      for (let col = 0; col < n; col++) c[row * n + col] = (c[row * n + col] ?? 0) + left * (b[k * n + col] ?? 0);
    }
  }
  return c;
}

/** The largest error relative to the largest reference value: one number for "how far off". */
export function maxRelativeError(result: Float64Array, reference: Float64Array): number {
  let largestError = 0;
  let largestValue = 0;
  reference.forEach((value, index) => {
    largestError = Math.max(largestError, Math.abs((result[index] ?? Number.NaN) - value));
    largestValue = Math.max(largestValue, Math.abs(value));
  });
  return largestValue === 0 ? largestError : largestError / largestValue;
}
