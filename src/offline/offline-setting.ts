/**
 * Whether a build works offline (and isolates itself on hosts without the isolation headers): on, unless
 * the instructor builds with COURSE_OFFLINE=off (README.md, "Offline use"). Read at build time, by the
 * service-worker integration (which then writes a worker that removes itself) and by BaseLayout (whose
 * pages then register none).
 */
export type OfflineSetting = 'on' | 'off';

export function offlineSetting(value: string | undefined = process.env.COURSE_OFFLINE): OfflineSetting {
  const setting = (value ?? '').trim().toLowerCase();
  if (setting === '' || setting === 'on') return 'on';
  if (setting === 'off') return 'off';
  throw new Error(
    `COURSE_OFFLINE is "${value}", but it can only be "on" (the default) or "off". Fix the variable and build again.`,
  );
}
