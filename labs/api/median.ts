/**
 * The median of a list of numbers: the figure every timing in the course reports (`lab.time`, the
 * benchmarks), since one slow run on a shared machine moves it far less than it moves a mean.
 * NaN for an empty list. Part of the contract, so labs (the CNN benchmark), the runtime and the site
 * share this one copy.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
