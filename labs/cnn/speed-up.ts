/** One size of the sweep as measured on one backend: what the speed-up needs of it. */
export interface SizeSpeed {
  width: number;
  batchSize: number;
  imagesPerSecond: number;
}

/**
 * How many times as many images per second `gpu` trained as `baseline` at the largest size both measured
 * (a backend stops growing when its steps get too slow, so the two lists can end at different sizes), or
 * null when they share no size. What the lesson's "speed-up at the largest width" prediction is set beside.
 */
export function speedUpAtLargestSize(gpu: readonly SizeSpeed[], baseline: readonly SizeSpeed[]): number | null {
  for (let index = gpu.length - 1; index >= 0; index--) {
    const point = gpu[index];
    const cpu = baseline.find((other) => other.width === point?.width && other.batchSize === point.batchSize);
    if (point && cpu && cpu.imagesPerSecond > 0) return point.imagesPerSecond / cpu.imagesPerSecond;
  }
  return null;
}
