/**
 * Whether bytes are the file a build's precache manifest lists: its size, then its SHA-256. The service
 * worker checks every copy it answers with or carries into a new build's cache, because anything that runs
 * in the course's origin (a lab program, say) can write Cache Storage: an entry is only as good as this
 * check says it is now, never as good as it was when it was stored. Runs in the service worker and in Node.
 */
import type { PrecacheEntry } from './precache-manifest.ts';

/** The base64 SHA-256 that an integrity value such as "sha256-…" names, or null for any other algorithm. */
export function sha256OfIntegrity(integrity: string): string | null {
  return integrity.startsWith('sha256-') ? integrity.slice('sha256-'.length) : null;
}

/** The SHA-256 of `bytes`, base64, as in an integrity value. */
export async function sha256Base64(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Why `bytes` are not `entry`'s file, in words for a log or a test, or null when they are. */
export async function entryMismatch(
  bytes: ArrayBuffer | Uint8Array<ArrayBuffer>,
  entry: Pick<PrecacheEntry, 'url' | 'integrity' | 'bytes'>,
): Promise<string | null> {
  if (bytes.byteLength !== entry.bytes) {
    return `${entry.url} has ${bytes.byteLength} bytes; this build's file has ${entry.bytes}`;
  }
  const expected = sha256OfIntegrity(entry.integrity);
  if (expected === null) return `${entry.url} has an integrity value this worker cannot check (${entry.integrity})`;
  const actual = await sha256Base64(bytes);
  return actual === expected ? null : `${entry.url} has SHA-256 ${actual}; this build's file has ${expected}`;
}
