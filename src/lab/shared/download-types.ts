/**
 * The file types `lab.download` may create. A download is a blob: URL of the site's own origin, so a file
 * a browser would render as a page (text/html, image/svg+xml, application/xhtml+xml, …) would run the
 * program's script as the course when opened from the link. Only types a browser shows as inert data are
 * allowed; anything else is saved as plain text, and the program is told why.
 */

/** Types a browser never runs: shown as text or offered as a file. */
export const downloadTypes = [
  'text/plain',
  'text/csv',
  'text/tab-separated-values',
  'text/markdown',
  'application/json',
] as const;

export type DownloadType = (typeof downloadTypes)[number];

function isDownloadType(value: string): value is DownloadType {
  return (downloadTypes as readonly string[]).includes(value);
}

/**
 * The type to give a download asked for as `requested` ("text/csv", "application/json; charset=utf-8", …),
 * and why it differs when it does. Parameters such as charset are dropped: the text is always UTF-8.
 */
export function safeDownloadType(requested: unknown, fileName = 'the file'): { mimeType: DownloadType; reason: string | null } {
  const asked = (typeof requested === 'string' ? requested : '').trim();
  const essence = asked.split(';')[0]?.trim().toLowerCase() ?? '';
  if (essence === '') return { mimeType: 'text/plain', reason: null };
  if (isDownloadType(essence)) return { mimeType: essence, reason: null };
  return {
    mimeType: 'text/plain',
    reason:
      `lab.download saves "${fileName}" as text/plain, not ${asked}: a file of that type could run code as the course when opened. ` +
      `Labs may download ${downloadTypes.join(', ')}.`,
  };
}
