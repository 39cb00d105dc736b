/**
 * What a lab program is told when it reaches for the network. The site's Content-Security-Policy
 * (src/integrations/headers.ts) lets labs talk to the site's own origin only, so `fetch('https://…')`,
 * `import('https://…')` or a WebSocket to another origin fail before any request leaves the browser. The
 * browser reports that as a bare "TypeError: Failed to fetch", which reads like a flaky connection; these
 * pure functions turn it into the reason.
 *
 * The worker keeps the requests the policy blocked during a run (its `securitypolicyviolation` events,
 * through `blockedRequestFrom`), passes them with the thrown error to `networkBlockMessage`, and uses the
 * message it returns, if any, in place of the browser's.
 */

/** A request the browser refused under the Content-Security-Policy. */
export interface BlockedRequest {
  /** The URL refused (the event's `blockedURI`). */
  url: string;
  /** The directive that refused it, e.g. "connect-src" or "script-src-elem". */
  directive: string;
}

/**
 * The request a `securitypolicyviolation` event reports; null for an event without one. Takes a plain
 * Event, since a worker scope's event map does not type this event.
 */
export function blockedRequestFrom(event: Event | { blockedURI?: unknown; effectiveDirective?: unknown }): BlockedRequest | null {
  const { blockedURI, effectiveDirective } = event as { blockedURI?: unknown; effectiveDirective?: unknown };
  return typeof blockedURI === 'string' && typeof effectiveDirective === 'string'
    ? { url: blockedURI, directive: effectiveDirective }
    : null;
}

const what: [RegExp, string][] = [
  [/^connect-src/, 'connect to'],
  [/^script-src/, 'import code from'],
  [/^worker-src/, 'start a worker from'],
  [/^img-src/, 'load an image from'],
];

function attempt(request: BlockedRequest | undefined): string {
  if (!request) return 'tried to reach another site';
  const verb = what.find(([pattern]) => pattern.test(request.directive))?.[1] ?? 'reach';
  return `tried to ${verb} ${request.url}`;
}

/** The sentence for a blocked request, e.g. for a warning when the program caught the error itself. */
export function blockedRequestText(request: BlockedRequest | undefined): string {
  return (
    `The course blocks network access from labs: this program ${attempt(request)}, and the browser refused. ` +
    "Labs run entirely in your browser and may read only the course's own files (lab.fetchData for data sets), so nothing you do in a lab leaves your machine."
  );
}

/** The messages browsers give a failed fetch or dynamic import (Chromium, Firefox, Safari), and a CSP refusal. */
const networkFailure = [
  /^Failed to fetch\b/,
  /^Failed to fetch dynamically imported module/,
  /^NetworkError when attempting to fetch resource/,
  /^error loading dynamically imported module/,
  /^Importing a module script failed/,
  /^Load failed$/,
  /Content Security Policy/i,
];

function urlsIn(message: string): URL[] {
  return [...message.matchAll(/\b(?:https?|wss?):\/\/[^\s'"<>]+/g)].flatMap((match) => {
    try {
      return [new URL(match[0])];
    } catch {
      return [];
    }
  });
}

/**
 * The message a lab should show for `error`, when it is a request the course's policy blocked; null for
 * any other error (including a same-origin file that is simply missing), which keeps its own message.
 * `origin` is the site's origin (`self.location.origin`, also in a worker started from a blob: URL);
 * `blocked` the requests refused during this run.
 */
export function networkBlockMessage(
  error: unknown,
  context: { origin: string; blocked: readonly BlockedRequest[] },
): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (typeof message !== 'string' || !['TypeError', 'SecurityError', 'NetworkError'].includes(String(name))) return null;
  if (!networkFailure.some((pattern) => pattern.test(message))) return null;

  const offSite = (url: string) => {
    try {
      return new URL(url, context.origin).origin !== context.origin;
    } catch {
      return false;
    }
  };
  const named = urlsIn(message);
  if (named.length > 0) {
    const target = named.find((url) => url.origin !== context.origin);
    if (!target) return null;
    const request = context.blocked.find((item) => item.url === target.href || item.url.startsWith(target.origin)) ?? {
      url: target.href,
      directive: /import/i.test(message) ? 'script-src' : 'connect-src',
    };
    return blockedRequestText(request);
  }
  // "Failed to fetch" names no URL: only a refusal seen in this run (or the message itself) says it was the policy.
  const refused = [...context.blocked].reverse().find((item) => offSite(item.url));
  return refused || /Content Security Policy/i.test(message) ? blockedRequestText(refused) : null;
}
