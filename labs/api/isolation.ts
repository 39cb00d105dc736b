/**
 * Is the page cross-origin isolated, and by whom? Browsers give SharedArrayBuffer, and so WASM threads, only
 * to isolated pages, and a page is isolated when it arrives with two headers, Cross-Origin-Opener-Policy and
 * Cross-Origin-Embedder-Policy. The server can send them, or, on hosts that cannot (GitHub Pages), the
 * course's service worker adds them to the responses it answers.
 */

/**
 * The Server-Timing entry that the course's service worker (src/offline/site-headers.ts) adds to a file it
 * served with isolation headers that the server did not send.
 */
export const isolationTimingName = 'course-isolation';

/**
 * How the page became cross-origin isolated, or why it is not. The files this worker loaded tell: each one
 * records whether a service worker answered it (`workerStart`) and its Server-Timing entries, where the
 * course's service worker notes that it added the isolation headers itself.
 */
export function describeIsolation(): string {
  if (typeof globalThis.crossOriginIsolated !== 'boolean') return 'no: only browser pages can be cross-origin isolated';
  const files = typeof performance === 'object' ? (performance.getEntriesByType('resource') as PerformanceResourceTiming[]) : [];
  const addedByServiceWorker = files.some((file) => file.serverTiming?.some((entry) => entry.name === isolationTimingName));
  if (globalThis.crossOriginIsolated) {
    return addedByServiceWorker
      ? "yes, by the course's service worker: the server sends no isolation headers, so it adds them"
      : "yes, by the server's headers (Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy)";
  }
  if (!globalThis.isSecureContext) {
    return 'no: the page is not on https:// (or localhost), where browsers offer neither isolation nor service workers';
  }
  if (files.some((file) => file.workerStart > 0)) {
    return "no: the course's service worker answers this page, but the browser did not isolate it (it may not support Cross-Origin-Embedder-Policy)";
  }
  return (
    "no: the server sends no isolation headers, and the course's service worker is not in control: " +
    'it is still installing (reload the page soon), it is turned off for this site, or the browser blocks it (a private window)'
  );
}
