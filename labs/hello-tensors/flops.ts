/**
 * Turning a time into a speed: how much arithmetic a matrix product does.
 */

/**
 * Floating-point operations in the product of two n×n matrices: each of the n² results needs n
 * multiplications and n additions, so 2n³ in all.
 */
export function matMulFlops(n: number): number {
  return 2 * n ** 3;
}

/** Billions of floating-point operations per second (GFLOP/s) for `flops` done in `ms` milliseconds. */
export function gigaflopsPerSecond(flops: number, ms: number): number {
  return flops / (ms / 1000) / 1e9;
}
