/**
 * The response the service worker answers with once a cached copy has passed the check of verify-entry.ts:
 * the verified bytes, with headers that come from the build alone (the content type by the file's
 * extension, the size, the site's headers). The headers stored with a cached copy are never passed on: a
 * copy written by something else in the origin could carry a permissive Content-Security-Policy, or a
 * content type that turns a data file into a page.
 */
import { isolationAddedTiming } from './site-headers.ts';

/** Content types by extension, for every kind of file a build holds; anything else is plain bytes. */
const contentTypes: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  webmanifest: 'application/manifest+json',
  txt: 'text/plain; charset=utf-8',
  xml: 'application/xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  ico: 'image/x-icon',
  webp: 'image/webp',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  wasm: 'application/wasm',
  ipynb: 'application/x-ipynb+json',
};

/** The content type of the file at `url` (a URL path of the manifest): pages end in "/". */
export function contentTypeOf(url: string): string {
  if (url.endsWith('/')) return contentTypes.html;
  const name = url.slice(url.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && contentTypes[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

/**
 * The headers of a verified copy of the file at `url`: its content type and size, and the site's headers.
 * `hostIsolates` says whether the host itself sends the isolation headers; when it does not, a Server-Timing
 * entry says the service worker supplied them (labs/device-check reads it to tell how the page was isolated).
 */
export function verifiedHeaders(
  url: string,
  byteLength: number,
  siteHeaders: Record<string, string>,
  hostIsolates: boolean,
): Headers {
  const headers = new Headers(siteHeaders);
  headers.set('Content-Type', contentTypeOf(url));
  headers.set('Content-Length', String(byteLength));
  if (!hostIsolates) headers.set('Server-Timing', isolationAddedTiming);
  return headers;
}

/** A response of verified `bytes` for the file at `url`, as verifiedHeaders describes. */
export function verifiedResponse(
  url: string,
  bytes: ArrayBuffer,
  siteHeaders: Record<string, string>,
  hostIsolates: boolean,
): Response {
  return new Response(bytes, { status: 200, headers: verifiedHeaders(url, bytes.byteLength, siteHeaders, hostIsolates) });
}

/** Whether a host's response carried both isolation headers itself. */
export function sendsIsolation(headers: Headers): boolean {
  return headers.has('cross-origin-opener-policy') && headers.has('cross-origin-embedder-policy');
}
