import { createHash } from 'node:crypto';
import { themeInitScript } from '../lib/theme-init-script.ts';

/**
 * The HTTP headers every file of the site is served with, in one place: `astro dev` and `astro preview`
 * send them (astro.config.mjs), public/_headers carries them to Netlify and Cloudflare Pages (a unit test
 * keeps that file equal to `headersFile()`), BaseLayout repeats the policy in a <meta> for hosts that set
 * no headers, and README.md lists them.
 */

/**
 * Cross-origin isolation (`self.crossOriginIsolated === true`), which browsers require before they expose
 * SharedArrayBuffer, and so multi-threaded WASM.
 */
export const crossOriginIsolationHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The Content-Security-Policy that keeps the course's promise that nothing leaves the browser: pages,
 * workers and lab programs may load scripts, images and data from the site's own origin only.
 * - scripts: the site's own files; the one inline script (the theme, set before the first paint) by its
 *   hash; `blob:`, because a lab program's files are linked as blob: modules in the lab worker and the
 *   WASM backend starts its threads from blob: workers; `'wasm-unsafe-eval'` to compile WebAssembly
 *   (TensorFlow.js's WASM backend, the course's own kernels, Pagefind). No `'unsafe-eval'`, no other inline script.
 * - styles: the site's own files and inline styles (highlighted code colours its tokens with style
 *   attributes; Monaco and Pagefind's UI insert <style> elements).
 * - images: the site's own files and `data:` (Monaco's icons are data: URIs in its stylesheet).
 * - connections (fetch, import of data, WebSocket): the site's own origin only. A lab program's
 *   `fetch('https://elsewhere/')` fails before any request is sent.
 * - workers: the site's own files (lab, Monaco) and `blob:` (the WASM backend's threads).
 * `frame-ancestors` is sent as a header only: browsers ignore it in a <meta> policy.
 */
const contentSecurityPolicyDirectives: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", sha256Source(themeInitScript), 'blob:', "'wasm-unsafe-eval'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

function serialize(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** The policy as BaseLayout's <meta http-equiv="Content-Security-Policy"> states it. */
export const metaContentSecurityPolicy = serialize(contentSecurityPolicyDirectives);

/** The policy as a response header: the same, and no other site may frame the course. */
export const contentSecurityPolicy = serialize({ ...contentSecurityPolicyDirectives, 'frame-ancestors': ["'self'"] });

/** Every header every response of the site carries. */
export const siteHeaders: Record<string, string> = {
  ...crossOriginIsolationHeaders,
  'Content-Security-Policy': contentSecurityPolicy,
};

/** public/_headers, as Netlify and Cloudflare Pages read it. */
export function headersFile(): string {
  return [
    "# Read by Netlify and Cloudflare Pages: cross-origin isolation, so the labs' WASM backend can use threads, and",
    '# the Content-Security-Policy that keeps every request on this site (see README.md, "Deploying"). Other hosts need',
    '# the same headers set their own way. This file equals headersFile() in src/integrations/headers.ts; a unit test checks it.',
    '/*',
    ...Object.entries(siteHeaders).map(([name, value]) => `  ${name}: ${value}`),
    '',
  ].join('\n');
}
