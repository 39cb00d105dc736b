/**
 * Two row-wise kernels in WebAssembly for the course's module (simd-module.ts): the work that
 * tfjs-backend-wasm 4.22 does slowly in training, where every byte is touched once and speed is the
 * memory's.
 */
import { FunctionBody, ValueType } from './wasm-encoding.ts';

const { i32 } = ValueType;

/**
 * sumRows(source, rows, columns, destination): destination[j] = Σ_i source[i, j], float32, the rows added
 * in order. The gradient of every bias, norm scale and shift, and of the position table, is such a sum over
 * the batch; the backend transposes the whole tensor first to sum along its last axis instead.
 */
export function sumRowsFunction(): FunctionBody {
  const f = new FunctionBody(4);
  const [source, rows, columns, destination] = [0, 1, 2, 3];
  const [row, column, vectorColumns, rowStart] = Array.from({ length: 4 }, () => f.local(i32));
  const at = (base: number) => f.get(base).get(column).i32(4).mul().add();
  f.forLoop(column, 0, columns, 1, () => {
    at(destination).f32Zero().f32Store();
  });
  // Four columns at a time while four remain, then one at a time.
  f.get(columns).i32(-4).and().set(vectorColumns);
  f.forLoop(row, 0, rows, 1, () => {
    f.get(source).get(row).get(columns).mul().i32(4).mul().add().set(rowStart);
    f.forLoop(column, 0, vectorColumns, 4, () => {
      at(destination);
      at(destination).v128Load();
      at(rowStart).v128Load();
      f.f32x4Add().v128Store();
    });
    f.forLoop(column, { local: vectorColumns }, columns, 1, () => {
      at(destination);
      at(destination).f32Load();
      at(rowStart).f32Load();
      f.f32Add().f32Store();
    });
  });
  return f;
}

/**
 * copyRows(source, sourceStrideBytes, destination, destinationStrideBytes, rows, rowBytes): copies `rows`
 * runs of `rowBytes` from one strided layout to another. Splitting a tensor along an inner axis (the
 * attention's queries, keys and values out of one product) and joining it back are such copies; the backend
 * splits through its general slice, and joins with a JavaScript call per row.
 */
export function copyRowsFunction(): FunctionBody {
  const f = new FunctionBody(6);
  const [source, sourceStride, destination, destinationStride, rows, rowBytes] = [0, 1, 2, 3, 4, 5];
  const row = f.local(i32);
  f.forLoop(row, 0, rows, 1, () => {
    f.get(destination).get(row).get(destinationStride).mul().add();
    f.get(source).get(row).get(sourceStride).mul().add();
    f.get(rowBytes).memoryCopy();
  });
  return f;
}
