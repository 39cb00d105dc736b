/**
 * How the labs write numbers in their sentences: counts with thousands separators (131,642), durations
 * in seconds or minutes, and "1 run" / "3 runs". Tables format their own numbers.
 */
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** A count with thousands separators: 131642 → '131,642'. */
export function count(value: number): string {
  return whole.format(value);
}

/** `value` and the noun, singular or plural: (1, 'run') → '1 run', (3, 'run') → '3 runs'. */
export function counted(value: number, noun: string, plural = `${noun}s`): string {
  return `${count(value)} ${value === 1 ? noun : plural}`;
}

/** A duration: '12.3 s' under a minute, '4 min 51 s' under an hour, '1 h 23 min' above. */
export function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes >= 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}
