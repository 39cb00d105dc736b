/**
 * The course's float32 matrix product in WebAssembly, written instruction by instruction (wasm-encoding.ts),
 * for the course's module (simd-module.ts).
 *
 * The method is the textbook one of fast GEMMs (Goto's, as in BLIS and XNNPACK), simplified:
 * - `packB` copies the right operand into panels: TILE.columns columns side by side, interleaved along the
 *   shared dimension, padded with zeros to a whole panel, so the inner loop reads it in order. Any layout
 *   goes in, through its two strides, so a transposed operand costs no extra pass.
 * - The left operand is read where it lies, also through its strides.
 * - `gemm` computes the output in tiles of ROWS × COLUMNS, each tile's sums held in SIMD registers for the
 *   whole shared dimension: per step it loads COLUMNS values of B (COLUMNS/4 vectors), and for each of the
 *   ROWS rows one value of A copied to four lanes, then does ROWS × COLUMNS/4 multiply-adds. With 4 × 8
 *   that is 8 accumulators, 2 vectors of B and 1 of A: 11 of the 16 SIMD registers x86-64 has, so nothing
 *   spills, and 8 multiply-adds to 6 loads, so the arithmetic, not memory, sets the speed.
 */
import { FunctionBody, ValueType } from './wasm-encoding.ts';

/** Rows of A, and columns of B, in one panel: the output tile. */
export const TILE = { rows: 4, columns: 8 } as const;

const { i32 } = ValueType;

/**
 * pack(source, lines, depth, lineStrideBytes, depthStrideBytes, destination): an operand's panels, `width`
 * lines (B's columns, or A's rows) side by side, interleaved along the shared dimension. Where a panel's
 * lines lie side by side in memory (B not transposed, A transposed), each step along the shared dimension
 * copies them as whole vectors; otherwise (or for the last, partial panel) one number at a time, with zeros
 * past the last line so the panel is still whole.
 */
function packFunction(width: number): FunctionBody {
  const f = new FunctionBody(6);
  const [source, lines, depth, lineStride, depthStride, destination] = [0, 1, 2, 3, 4, 5];
  const [panel, step, lane, line, from] = Array.from({ length: 5 }, () => f.local(i32));
  f.forLoop(panel, 0, lines, width, () => {
    f.get(lineStride).i32(4).eq();
    f.get(panel).i32(width).add().get(lines).atMost();
    f.and().if();
    f.forLoop(step, 0, depth, 1, () => {
      f.get(source).get(panel).i32(4).mul().add().get(step).get(depthStride).mul().add().set(from);
      for (let v = 0; v < width / 4; v++)
        f.get(destination)
          .get(from)
          .v128Load(16 * v)
          .v128Store(16 * v);
      f.get(destination)
        .i32(4 * width)
        .add()
        .set(destination);
    });
    f.else();
    f.forLoop(step, 0, depth, 1, () => {
      f.forLoop(lane, 0, { constant: width }, 1, () => {
        f.get(panel).get(lane).add().set(line);
        f.get(destination);
        f.get(line).get(lines).lessThan().if(ValueType.f32);
        f.get(source).get(line).get(lineStride).mul().add().get(step).get(depthStride).mul().add().f32Load();
        f.else().f32Zero().end();
        f.f32Store();
        f.get(destination).i32(4).add().set(destination);
      });
    });
    f.end();
  });
  return f;
}

/** packA: A's panels of TILE.rows rows, for a transposed A (its rows' values for one step lie side by side). */
export const packAFunction = () => packFunction(TILE.rows);
/** packB: B's panels of TILE.columns columns, always (the inner loop reads B as whole vectors). */
export const packBFunction = () => packFunction(TILE.columns);

/**
 * gemm(a, aRowStrideBytes, aDepthStrideBytes, aPanelStrideBytes, packedB, out, rows, columns, depth,
 * outRowStrideBytes, scratch): out[rows × columns] = A · B, with B from `packB`'s panels and A through its
 * strides: either where it lies (not transposed: its TILE.rows rows are streams the CPU prefetches) or from
 * `packA`'s panels (row stride 4, step stride 4·TILE.rows, panel stride that times depth). `scratch` holds
 * one tile, for the tiles that overhang the output's edge; their missing rows of A repeat the last row, and
 * are not stored.
 */
export function gemmFunction(fusedMultiplyAdd: boolean): FunctionBody {
  const f = new FunctionBody(11);
  const [a, aRowStride, aDepthStride, aPanelStride, packedB, out, rows, columns, depth, outRowStride, scratch] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
  ];
  const [tileColumn, tileRow, b, remaining, row, column, rowsLeft, columnsLeft] = Array.from({ length: 8 }, () => f.local(i32));
  const aRows = Array.from({ length: TILE.rows }, () => f.local(i32));
  const vectorsPerRow = TILE.columns / 4;
  const sums = Array.from({ length: TILE.rows }, () => Array.from({ length: vectorsPerRow }, () => f.local(ValueType.v128)));
  const bVectors = Array.from({ length: vectorsPerRow }, () => f.local(ValueType.v128));
  const aSplat = f.local(ValueType.v128);
  const nextStep = f.local(i32);

  /**
   * While `unroll` steps along the shared dimension remain, does them: per step, TILE.columns values of B
   * and, per row, one value of A in all lanes (`loadA` pushes its address and loads it), multiplied into
   * the tile's sums; then `advance` moves A's pointers past the steps.
   */
  /** Points rows 1… of the tile one float apart from row 0, where a step's values lie side by side. */
  const rowsBesideTheFirst = () =>
    aRows.forEach(
      (pointer, r) =>
        r > 0 &&
        f
          .get(aRows[0])
          .i32(4 * r)
          .add()
          .set(pointer),
    );

  const steps = (unroll: number, loadA: (row: number, step: number) => void, advance: () => void) => {
    f.block().loop();
    f.get(remaining).i32(unroll).lessThan().brIf(1);
    for (let u = 0; u < unroll; u++) {
      bVectors.forEach((vector, v) =>
        f
          .get(b)
          .v128Load(4 * TILE.columns * u + 16 * v)
          .set(vector),
      );
      sums.forEach((rowSums, r) => {
        loadA(r, u);
        f.set(aSplat);
        rowSums.forEach((sum, v) => {
          if (fusedMultiplyAdd) f.get(aSplat).get(bVectors[v]).get(sum).f32x4RelaxedMadd().set(sum);
          else f.get(aSplat).get(bVectors[v]).f32x4Mul().get(sum).f32x4Add().set(sum);
        });
      });
    }
    advance();
    f.get(b)
      .i32(4 * TILE.columns * unroll)
      .add()
      .set(b);
    f.get(remaining).i32(unroll).sub().set(remaining).br(0);
    f.end().end();
  };

  f.forLoop(tileColumn, 0, columns, TILE.columns, () => {
    f.forLoop(tileRow, 0, rows, TILE.rows, () => {
      aRows.forEach((pointer, r) => {
        // Row min(r, rows - 1 - tileRow) of the tile's panel, which starts (tileRow / TILE.rows) panels in.
        f.i32(r).get(rows).i32(1).sub().get(tileRow).sub();
        f.get(tileRow).i32(r).add().get(rows).lessThan().select();
        f.get(aRowStride).mul().get(a).add();
        f.get(tileRow).i32(TILE.rows).divide().get(aPanelStride).mul().add().set(pointer);
      });
      // B's panel starts at (its first column) × depth floats.
      f.get(packedB).get(tileColumn).get(depth).mul().i32(4).mul().add().set(b);
      for (const sum of sums.flat()) f.v128Zero().set(sum);
      f.get(depth).set(remaining);
      // A is not transposed: each row runs along the shared dimension, so 4 steps read at fixed offsets.
      f.get(aDepthStride).i32(4).eq().if();
      steps(
        4,
        (r, u) => f.get(aRows[r]).v128Load32Splat(4 * u),
        () => {
          for (const pointer of aRows) f.get(pointer).i32(16).add().set(pointer);
        },
      );
      f.end();
      // A in packA's panels: a step's TILE.rows values lie side by side, and the steps one after another.
      f.get(aRowStride)
        .i32(4)
        .eq()
        .get(aDepthStride)
        .i32(4 * TILE.rows)
        .eq()
        .and()
        .if();
      steps(
        4,
        (r, u) => f.get(aRows[0]).v128Load32Splat(4 * TILE.rows * u + 4 * r),
        () =>
          f
            .get(aRows[0])
            .i32(16 * TILE.rows)
            .add()
            .set(aRows[0]),
      );
      rowsBesideTheFirst();
      f.end();
      // A is transposed and the tile whole: a step's TILE.rows values lie side by side, so two pointers
      // (this step and the next) serve every row.
      f.get(aRowStride).i32(4).eq().get(tileRow).i32(TILE.rows).add().get(rows).atMost().and().if();
      f.get(aRows[0]).get(aDepthStride).add().set(nextStep);
      steps(
        2,
        (r, u) => f.get(u === 0 ? aRows[0] : nextStep).v128Load32Splat(4 * r),
        () => {
          for (const pointer of [aRows[0], nextStep]) f.get(pointer).get(aDepthStride).i32(2).mul().add().set(pointer);
        },
      );
      rowsBesideTheFirst();
      f.end();
      // Whatever steps are left, one at a time, in any layout.
      steps(
        1,
        (r) => f.get(aRows[r]).v128Load32Splat(),
        () => {
          for (const pointer of aRows) f.get(pointer).get(aDepthStride).add().set(pointer);
        },
      );

      // A whole tile goes straight to the output; an edge tile through scratch, then the part that exists.
      f.get(tileRow).i32(TILE.rows).add().get(rows).atMost();
      f.get(tileColumn).i32(TILE.columns).add().get(columns).atMost();
      f.and().if();
      sums.forEach((rowSums, r) => {
        rowSums.forEach((sum, v) => {
          f.get(out).get(tileRow).i32(r).add().get(outRowStride).mul().add().get(tileColumn).i32(4).mul().add();
          f.get(sum).v128Store(16 * v);
        });
      });
      f.else();
      sums.forEach((rowSums, r) =>
        rowSums.forEach((sum, v) =>
          f
            .get(scratch)
            .get(sum)
            .v128Store(16 * (r * vectorsPerRow + v)),
        ),
      );
      f.get(rows).get(tileRow).sub().set(rowsLeft);
      f.get(columns).get(tileColumn).sub().set(columnsLeft);
      f.get(rowsLeft).i32(TILE.rows).get(rowsLeft).i32(TILE.rows).lessThan().select().set(rowsLeft);
      f.get(columnsLeft).i32(TILE.columns).get(columnsLeft).i32(TILE.columns).lessThan().select().set(columnsLeft);
      f.forLoop(row, 0, rowsLeft, 1, () => {
        f.forLoop(column, 0, columnsLeft, 1, () => {
          f.get(out)
            .get(tileRow)
            .get(row)
            .add()
            .get(outRowStride)
            .mul()
            .add()
            .get(tileColumn)
            .get(column)
            .add()
            .i32(4)
            .mul()
            .add();
          f.get(scratch).get(row).i32(TILE.columns).mul().get(column).add().i32(4).mul().add().f32Load();
          f.f32Store();
        });
      });
      f.end();
    });
  });
  return f;
}
