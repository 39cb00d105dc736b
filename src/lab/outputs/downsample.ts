/**
 * Fewer points for a line that has more than its chart is wide: a line chart 600 pixels wide cannot show
 * 10,000 points per line, and drawing them all costs the page tens of milliseconds a frame. Chart.js's
 * decimation plugin does this inside the chart, but only on linear or time x axes; lab charts may have a
 * logarithmic x axis and points in any order, so the line charts thin their data here instead.
 *
 * Min/max buckets: the points are cut into `buckets` runs of consecutive points, and each run keeps its
 * lowest and its highest point, in the order they came. Every spike and dip survives (a learner looking
 * for a loss spike must see it), the line keeps its shape, and the first and last points always stay, so
 * the line starts and ends where the data does. Pure, so it is unit-tested (tests/unit/lab-downsample.test.ts).
 */

export interface ChartPoint {
  x: number;
  y: number;
}

/**
 * At most about `2 × buckets` of `points` (plus the first and last), chosen as above; `points` itself when
 * it has no more than that.
 */
export function downsample(points: readonly ChartPoint[], buckets: number): readonly ChartPoint[] {
  const count = points.length;
  const bucketCount = Math.max(1, Math.floor(buckets));
  if (count <= bucketCount * 2 + 2) return points;
  const kept: ChartPoint[] = [points[0]];
  const size = (count - 2) / bucketCount;
  for (let bucket = 0; bucket < bucketCount; bucket++) {
    const start = 1 + Math.floor(bucket * size);
    const end = Math.min(count - 1, 1 + Math.floor((bucket + 1) * size));
    if (start >= end) continue;
    let low = start;
    let high = start;
    for (let index = start + 1; index < end; index++) {
      const y = points[index].y;
      if (y < points[low].y) low = index;
      if (y > points[high].y) high = index;
    }
    if (low === high) kept.push(points[low]);
    else if (low < high) kept.push(points[low], points[high]);
    else kept.push(points[high], points[low]);
  }
  kept.push(points[count - 1]);
  return kept;
}
