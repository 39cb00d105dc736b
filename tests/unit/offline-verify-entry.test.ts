import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isolationTimingName } from '../../labs/api/isolation.ts';
import { siteHeaders } from '../../src/integrations/headers.ts';
import { contentTypeOf, sendsIsolation, verifiedHeaders, verifiedResponse } from '../../src/offline/verified-response.ts';
import { entryMismatch, sha256Base64, sha256OfIntegrity } from '../../src/offline/verify-entry.ts';

/**
 * How the course's service worker checks a cached copy before it serves or reuses it (src/offline/verify-entry.ts),
 * and the headers it serves a verified copy with (src/offline/verified-response.ts). The worker itself runs in
 * tests/e2e/offline-verify.spec.ts.
 */

const page = new TextEncoder().encode('<!doctype html><title>Module 5</title><h1>Module 5</h1>');
const entry = {
  url: '/module-5/',
  bytes: page.length,
  integrity: `sha256-${createHash('sha256').update(page).digest('base64')}`,
};

describe('verifying a cached copy against the build', () => {
  it('computes the SHA-256 the way the build writes it into the manifest', async () => {
    expect(await sha256Base64(page)).toBe(sha256OfIntegrity(entry.integrity));
    expect(sha256OfIntegrity('sha384-abc')).toBeNull();
  });

  it('accepts exactly the build’s bytes', async () => {
    expect(await entryMismatch(page, entry)).toBeNull();
    expect(await entryMismatch(page.slice().buffer, entry)).toBeNull();
  });

  it('refuses a copy of another size, before hashing it', async () => {
    const planted = new TextEncoder().encode('<h1>Planted by a lab program</h1>');
    expect(await entryMismatch(planted, entry)).toBe(
      `/module-5/ has ${planted.length} bytes; this build's file has ${page.length}`,
    );
  });

  it('refuses a copy of the same size with one byte changed', async () => {
    const damaged = page.slice();
    damaged[20] ^= 0xff;
    expect(await entryMismatch(damaged, entry)).toMatch(/^\/module-5\/ has SHA-256 \S+; this build's file has \S+$/);
  });

  it('refuses what it cannot check, rather than trusting it', async () => {
    expect(await entryMismatch(page, { ...entry, integrity: 'sha384-abc' })).toMatch(/cannot check \(sha384-abc\)/);
  });
});

describe('the headers of a verified copy', () => {
  it('take the content type from the URL, pages by their trailing slash', () => {
    expect(contentTypeOf('/module-5/')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/404.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('/_astro/lab-worker-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('/_astro/tfjs-backend-wasm-simd.wasm')).toBe('application/wasm');
    expect(contentTypeOf('/data/cifar10/train-00.bin')).toBe('application/octet-stream');
    expect(contentTypeOf('/pagefind/fragment/en_1a2b.pf_fragment')).toBe('application/octet-stream');
    expect(contentTypeOf('/downloads/.hidden')).toBe('application/octet-stream');
  });

  it('carry every site header, the size, and nothing a stored copy said', async () => {
    const response = verifiedResponse('/module-5/', page.slice().buffer, siteHeaders, true);
    for (const [name, value] of Object.entries(siteHeaders)) expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('content-length')).toBe(String(page.length));
    expect(response.headers.get('server-timing')).toBeNull();
    expect([...response.headers.keys()].sort()).toEqual(
      [...Object.keys(siteHeaders), 'Content-Type', 'Content-Length'].map((name) => name.toLowerCase()).sort(),
    );
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(page);
  });

  it('say when the service worker supplied the isolation headers, for the device check', () => {
    expect(verifiedHeaders('/module-5/', 10, siteHeaders, false).get('server-timing')).toContain(isolationTimingName);
    expect(sendsIsolation(new Headers(siteHeaders))).toBe(true);
    expect(sendsIsolation(new Headers({ 'Cross-Origin-Opener-Policy': 'same-origin' }))).toBe(false);
  });
});
