/**
 * Adds the site's headers (src/integrations/headers.ts: cross-origin isolation and the
 * Content-Security-Policy) to a response that arrived without them, the way the coi-serviceworker
 * technique does: a page answered with Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy is
 * cross-origin isolated, even on a host that cannot send them (GitHub Pages), so WASM can use threads.
 * Headers the server did send are kept as they are.
 */
// The name of the Server-Timing entry that marks such a response lives with the lab that reads it.
import { isolationTimingName } from '../../labs/api/isolation.ts';

/** Without these two a page is not cross-origin isolated. */
const isolationHeaders = ['cross-origin-opener-policy', 'cross-origin-embedder-policy'];

/** The Server-Timing entry of a response whose isolation headers the service worker supplied. */
export const isolationAddedTiming = `${isolationTimingName};desc="added by the course's service worker"`;

/** Statuses whose responses have no body (the Response constructor refuses one). */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/** The headers of `required` (name → value) that `headers` lacks. */
function missingHeaders(headers: Headers, required: Record<string, string>): [string, string][] {
  return Object.entries(required).filter(([name]) => !headers.has(name));
}

/**
 * `response` with every header of `required` it lacks, and, when those include the isolation headers, a
 * Server-Timing entry saying so (labs/device-check reads it to tell how the page was isolated). Responses
 * the page cannot read (opaque, redirects) and responses that lack nothing are returned unchanged.
 */
export function withSiteHeaders(response: Response, required: Record<string, string>): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.type === 'error') return response;
  const missing = missingHeaders(response.headers, required);
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  if (missing.some(([name]) => isolationHeaders.includes(name.toLowerCase()))) {
    headers.append('Server-Timing', isolationAddedTiming);
  }
  return new Response(nullBodyStatuses.has(response.status) ? null : response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
