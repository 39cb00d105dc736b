/**
 * The course's WebAssembly kernels as one module, compiled against tfjs-backend-wasm's memory, which it
 * imports: the kernels read their operands and write their results where the tensors already are.
 *
 * Two variants come from the same code: with `f32x4.relaxed_madd` (one fused multiply-add instruction where
 * the CPU has it; relaxed SIMD) and with a multiply then an add, for engines that do not validate relaxed
 * SIMD. An engine without WebAssembly SIMD validates neither, and the course's kernels stand aside.
 */
import { gemmFunction, packAFunction, packBFunction } from './gemm-code.ts';
import { copyRowsFunction, sumRowsFunction } from './rows-code.ts';
import { type FunctionBody, name, section, unsigned, ValueType, vector } from './wasm-encoding.ts';

/** The module's functions; every parameter is an i32 (an address, a size or a stride in bytes). */
export interface SimdExports {
  packA(
    this: void,
    source: number,
    rows: number,
    depth: number,
    rowStride: number,
    depthStride: number,
    destination: number,
  ): void;
  packB(
    this: void,
    source: number,
    columns: number,
    depth: number,
    columnStride: number,
    depthStride: number,
    destination: number,
  ): void;
  gemm(
    this: void,
    a: number,
    aRowStride: number,
    aDepthStride: number,
    aPanelStride: number,
    packedB: number,
    out: number,
    rows: number,
    columns: number,
    depth: number,
    outRowStride: number,
    scratch: number,
  ): void;
  sumRows(this: void, source: number, rows: number, columns: number, destination: number): void;
  copyRows(
    this: void,
    source: number,
    sourceStride: number,
    destination: number,
    destinationStride: number,
    rows: number,
    rowBytes: number,
  ): void;
}

export interface SimdModuleOptions {
  /** Use `f32x4.relaxed_madd` (fused multiply-add); else a multiply then an add. */
  fusedMultiplyAdd: boolean;
  /** The imported memory is shared (tfjs-backend-wasm's threaded build) and has this maximum, in pages. */
  sharedMemoryMaximum: number | null;
}

/** The module's bytes: imports env.memory, exports the functions of `SimdExports`. */
export function simdModuleBytes(options: SimdModuleOptions): Uint8Array<ArrayBuffer> {
  const functions: Record<keyof SimdExports, FunctionBody> = {
    packA: packAFunction(),
    packB: packBFunction(),
    gemm: gemmFunction(options.fusedMultiplyAdd),
    sumRows: sumRowsFunction(),
    copyRows: copyRowsFunction(),
  };
  const bodies = Object.values(functions);
  const functionType = (body: FunctionBody) => [
    0x60,
    ...vector(Array.from({ length: body.parameterCount }, () => [ValueType.i32])),
    0,
  ];
  const limits = options.sharedMemoryMaximum == null ? [0x00, 0] : [0x03, 0, ...unsigned(options.sharedMemoryMaximum)];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(bodies.map(functionType))), // one type per function, in order
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, ...limits]])),
    ...section(3, vector(bodies.map((_, index) => unsigned(index)))),
    ...section(7, vector(Object.keys(functions).map((key, index) => [...name(key), 0x00, ...unsigned(index)]))),
    ...section(10, vector(bodies.map((body) => body.encode()))),
  ];
  return new Uint8Array(bytes);
}

export interface SimdKernels {
  exports: SimdExports;
  /** Whether the products use fused multiply-add. */
  fused: boolean;
}

/** The kernels compiled for `memory` in one variant, or null where the engine rejects that variant. */
export function compileSimdKernels(memory: WebAssembly.Memory, fusedMultiplyAdd: boolean): SimdKernels | null {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  // An imported shared memory must declare a maximum no lower than the real one; 65536 pages is wasm32's.
  const bytes = simdModuleBytes({ fusedMultiplyAdd, sharedMemoryMaximum: shared ? 65536 : null });
  if (!WebAssembly.validate(bytes)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { exports: instance.exports as unknown as SimdExports, fused: fusedMultiplyAdd };
}

const compiled = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

/** The kernels working in `memory`, fused where the engine allows, compiled on first use; null without SIMD. */
export function simdKernelsFor(memory: WebAssembly.Memory): SimdKernels | null {
  if (!compiled.has(memory)) compiled.set(memory, compileSimdKernels(memory, true) ?? compileSimdKernels(memory, false));
  return compiled.get(memory) ?? null;
}
