/**
 * How the lab page writes numbers: table cells, byte counts, durations. Pure, so the wording is pinned
 * by unit tests (tests/unit/lab-run-messages.test.ts).
 */

/** A measured value: integers as they are, others to four significant digits (one decimal from 1,000). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(1) : String(Number(value.toPrecision(4)));
}

/** Bytes in binary units: "512 B", "1.5 KB", "3.2 MB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Math.sign(bytes) < 0 ? '-' : ''}${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** "0.125 ms", "42.5 ms", "1.25 s", "12.5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 1000) return `${Number(ms.toPrecision(3))} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** `one` for a count of 1, else `many`: "1 error is", "2 errors are". */
export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
