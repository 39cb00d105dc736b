import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeIsolation, isolationTimingName } from '../../labs/api/isolation.ts';
import { siteHeaders } from '../../src/integrations/headers.ts';
import { offlineServiceWorker, removingServiceWorker } from '../../src/integrations/service-worker.ts';
import { buildIdOfCache, precacheName } from '../../src/offline/cache-names.ts';
import { offlineSetting } from '../../src/offline/offline-setting.ts';
import { precacheKey } from '../../src/offline/precache-key.ts';
import {
  buildPrecacheManifest,
  isPrecached,
  precacheBytes,
  precacheUrl,
  type BuiltFile,
} from '../../src/offline/precache-manifest.ts';
import { withSiteHeaders } from '../../src/offline/site-headers.ts';

/** The pure parts of the course's service worker (src/offline/); the worker itself runs in tests/e2e/offline.spec.ts. */

const dataFiles = new Set(['data/cifar10/manifest.json', 'data/cifar10/train-00.bin', 'data/cifar10/test-00.bin']);

function file(path: string, bytes = 10, sha256 = 'aGFzaA=='): BuiltFile {
  return { path, bytes, sha256 };
}

const builtFiles = [
  file('index.html'),
  file('404.html'),
  file('module-5/index.html'),
  file('module-5/day-9-cpu-vs-gpu/index.html'),
  file('_astro/lab-worker-abc.js', 1000),
  file('_astro/tfjs-backend-wasm-threaded-simd-x.wasm', 400),
  file('pagefind/pagefind.js'),
  file('pagefind/fragment/en_1a2b.pf_fragment'),
  file('data/cifar10/manifest.json'),
  file('data/cifar10/train-00.bin', 4_600_000),
  file('data/cifar10/train-01.bin', 4_600_000),
  file('data/cifar10/test-00.bin', 4_600_000),
  file('_headers'),
  file('sw.js'),
];

describe('the precache manifest', () => {
  const build = buildPrecacheManifest(builtFiles, { base: '/', dataFiles, headers: siteHeaders });
  const urls = build.entries.map((entry) => entry.url);

  it('keeps every page, asset and search file, and of the data only the default run’s', () => {
    expect(urls).toEqual([
      '/',
      '/404.html',
      '/_astro/lab-worker-abc.js',
      '/_astro/tfjs-backend-wasm-threaded-simd-x.wasm',
      '/data/cifar10/manifest.json',
      '/data/cifar10/test-00.bin',
      '/data/cifar10/train-00.bin',
      '/module-5/',
      '/module-5/day-9-cpu-vs-gpu/',
      '/pagefind/fragment/en_1a2b.pf_fragment',
      '/pagefind/pagefind.js',
    ]);
    expect(isPrecached('data/cifar10/train-01.bin', dataFiles)).toBe(false);
    expect(isPrecached('_headers', dataFiles)).toBe(false);
    expect(isPrecached('sw.js', dataFiles)).toBe(false);
  });

  it('lists each file with the integrity its download must match, and counts the bytes', () => {
    expect(build.entries[0]).toEqual({ url: '/', integrity: 'sha256-aGFzaA==', bytes: 10 });
    expect(precacheBytes(build)).toBe(2 * 4_600_000 + 1000 + 400 + 7 * 10);
  });

  it('names pages by their directory, under the base path', () => {
    expect(precacheUrl('index.html', '/gpu-course/')).toBe('/gpu-course/');
    expect(precacheUrl('week-6/true-false-review/index.html', '/gpu-course/')).toBe('/gpu-course/week-6/true-false-review/');
    expect(precacheUrl('404.html', '/')).toBe('/404.html');
    expect(precacheUrl('downloads/a b.ipynb', '/')).toBe('/downloads/a%20b.ipynb');
  });

  it('gets a new build id when any file, the base path or the headers change, and keeps it otherwise', () => {
    const again = buildPrecacheManifest([...builtFiles].reverse(), { base: '/', dataFiles, headers: siteHeaders });
    expect(again.buildId).toBe(build.buildId);
    expect(build.buildId).toMatch(/^[0-9a-f]{16}$/);
    const changed = builtFiles.map((entry) => (entry.path === 'index.html' ? file('index.html', 10, 'b3RoZXI=') : entry));
    expect(buildPrecacheManifest(changed, { base: '/', dataFiles, headers: siteHeaders }).buildId).not.toBe(build.buildId);
    expect(buildPrecacheManifest(builtFiles, { base: '/x/', dataFiles, headers: siteHeaders }).buildId).not.toBe(build.buildId);
    expect(buildPrecacheManifest(builtFiles, { base: '/', dataFiles, headers: {} }).buildId).not.toBe(build.buildId);
  });

  it('fails the build, naming the file and the fix, when a data file of the default run is missing', () => {
    const withoutChunk = builtFiles.filter((entry) => entry.path !== 'data/cifar10/test-00.bin');
    expect(() => buildPrecacheManifest(withoutChunk, { base: '/', dataFiles, headers: siteHeaders })).toThrow(
      /data\/cifar10\/test-00\.bin is not in the build.*npm run data:cifar10:pack/,
    );
  });
});

describe('which cached file answers a request', () => {
  const kept = new Set(['/', '/module-5/', '/pagefind/pagefind-entry.json']);
  const has = (url: string) => kept.has(url);

  it('answers every spelling of a page with the page', () => {
    expect(precacheKey('/module-5/', has)).toBe('/module-5/');
    expect(precacheKey('/module-5', has)).toBe('/module-5/');
    expect(precacheKey('/module-5/index.html', has)).toBe('/module-5/');
    expect(precacheKey('/index.html', has)).toBe('/');
  });

  it('answers files by their path, and nothing it does not keep', () => {
    expect(precacheKey('/pagefind/pagefind-entry.json', has)).toBe('/pagefind/pagefind-entry.json');
    expect(precacheKey('/data/cifar10/train-05.bin', has)).toBeUndefined();
    expect(precacheKey('/week-6', has)).toBeUndefined();
  });
});

describe('cache names', () => {
  it('are scoped to the copy of the course, so that one copy never deletes another’s', () => {
    expect(precacheName('abc123', '/')).toBe('gpu-course-offline-abc123');
    expect(precacheName('abc123', '/gpu-course/')).toBe('gpu-course-offline-abc123@/gpu-course/');
    expect(buildIdOfCache('gpu-course-offline-abc123', '/')).toBe('abc123');
    expect(buildIdOfCache('gpu-course-offline-abc123@/gpu-course/', '/gpu-course/')).toBe('abc123');
    expect(buildIdOfCache('gpu-course-offline-abc123@/gpu-course/', '/')).toBeNull();
    expect(buildIdOfCache('gpu-course-offline-abc123', '/gpu-course/')).toBeNull();
    expect(buildIdOfCache('gpu-course-data-v1', '/')).toBeNull();
  });
});

describe('adding the site headers', () => {
  const required = siteHeaders;

  it('adds what the host did not send, and marks isolation it supplied with Server-Timing', async () => {
    const response = withSiteHeaders(
      new Response('<p>hi</p>', { status: 200, headers: { 'content-type': 'text/html' } }),
      required,
    );
    for (const [name, value] of Object.entries(required)) expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('server-timing')).toContain(isolationTimingName);
    expect(await response.text()).toBe('<p>hi</p>');
  });

  it('leaves a response that has every header alone', () => {
    const original = new Response('x', { headers: required });
    expect(withSiteHeaders(original, required)).toBe(original);
  });

  it('keeps the host’s own values, and marks nothing when the host isolated the page', () => {
    const response = withSiteHeaders(
      new Response('x', {
        headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'credentialless' },
      }),
      required,
    );
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('credentialless');
    expect(response.headers.get('content-security-policy')).toBe(required['Content-Security-Policy']);
    expect(response.headers.get('server-timing')).toBeNull();
  });

  it('keeps the status, and no body where the status allows none', () => {
    const response = withSiteHeaders(new Response(null, { status: 204, statusText: 'No Content' }), required);
    expect([response.status, response.statusText, response.body]).toEqual([204, 'No Content', null]);
    expect(withSiteHeaders(new Response('gone', { status: 404 }), required).status).toBe(404);
  });
});

describe('how the device check words isolation', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  type LoadedFile = Pick<PerformanceResourceTiming, 'workerStart'> & { serverTiming: { name: string }[] };
  function browserWith(isolated: boolean, files: LoadedFile[], secure = true) {
    vi.stubGlobal('crossOriginIsolated', isolated);
    vi.stubGlobal('isSecureContext', secure);
    vi.stubGlobal('performance', { getEntriesByType: () => files });
  }
  const throughWorker = { workerStart: 12, serverTiming: [] };
  const isolatedByWorker = { workerStart: 12, serverTiming: [{ name: isolationTimingName }] };

  it('names the service worker when it added the headers, and the server otherwise', () => {
    browserWith(true, [throughWorker, isolatedByWorker]);
    expect(describeIsolation()).toMatch(/^yes, by the course's service worker/);
    browserWith(true, [throughWorker]);
    expect(describeIsolation()).toMatch(/^yes, by the server's headers/);
  });

  it('says why not', () => {
    browserWith(false, [], false);
    expect(describeIsolation()).toMatch(/^no: the page is not on https:/);
    browserWith(false, [throughWorker]);
    expect(describeIsolation()).toMatch(/^no: the course's service worker answers this page, but the browser did not isolate it/);
    browserWith(false, []);
    expect(describeIsolation()).toMatch(
      /^no: the server sends no isolation headers, and the course's service worker is not in control/,
    );
  });

  it('in Node, says there is no such thing', () => {
    expect(describeIsolation()).toBe('no: only browser pages can be cross-origin isolated');
  });
});

describe('the off switch and the compiled workers', () => {
  it('reads COURSE_OFFLINE as on (the default) or off, and refuses anything else', () => {
    expect(offlineSetting(undefined)).toBe('on');
    expect(offlineSetting('on')).toBe('on');
    expect(offlineSetting(' OFF ')).toBe('off');
    expect(() => offlineSetting('no')).toThrow('COURSE_OFFLINE is "no", but it can only be "on" (the default) or "off"');
  });

  it('compiles each worker into one classic script with the build filled in', async () => {
    const build = buildPrecacheManifest(builtFiles, { base: '/gpu-course/', dataFiles, headers: siteHeaders });
    const worker = await offlineServiceWorker(build);
    expect(worker).toContain(build.buildId);
    expect(worker).toContain('/gpu-course/module-5/');
    expect(worker).not.toMatch(/\bimport\b/);
    const removing = await removingServiceWorker('/gpu-course/');
    expect(removing).toContain('unregister');
    expect(removing).not.toMatch(/\bimport\b|addEventListener\("fetch"/);
  });
});
