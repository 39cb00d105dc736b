import type { Locator, Page } from '@playwright/test';
import { test, expect, forgetLastRun, pasteCode, runLabToDone, useSharedLab } from './fixtures.ts';

/**
 * A lab program reaches none of the site's storage (src/lab/worker/worker-lockdown.ts). An earlier probe had a
 * program store its own page, with a permissive Content-Security-Policy, under a lesson's address in Cache
 * Storage, where the service worker served it in the course's origin. Here that program, and every way
 * round the lockdown we know of, fails with a message that says why, and the lesson stays the real one.
 */
const lessonPath = '/module-5/day-10-moving-to-devices/';
const refusal = "a lab runs with no access to the site's storage";

/** The probe's program: the lesson's address, answered from Cache Storage with a page of its own. */
const poisoning = [
  'export default async function main() {',
  "  const html = '<!doctype html><title>Not the course</title><p>owned</p>';",
  `  const lessonUrl = new URL('${lessonPath}', location.origin).href;`,
  "  const cache = await caches.open('x');",
  '  await cache.put(lessonUrl, new Response(html, {',
  "    headers: { 'Content-Type': 'text/html', 'Content-Security-Policy': 'default-src *' },",
  '  }));',
  '}',
].join('\n');

/** Every way back to storage we know of, each caught, so one run reports them all. */
const recovering = [
  "import type { Lab } from '../api';",
  '',
  'type Attempt = [string, () => unknown];',
  '',
  'function getterFromChain(start: object, name: string): (() => unknown) | undefined {',
  '  for (let holder: object | null = start; holder; holder = Object.getPrototypeOf(holder)) {',
  '    const descriptor = Object.getOwnPropertyDescriptor(holder, name);',
  '    if (descriptor?.get) return descriptor.get;',
  '  }',
  '  return undefined;',
  '}',
  '',
  'export default async function main(lab: Lab) {',
  '  const global = globalThis as unknown as Record<string, unknown>;',
  '  const attempts: Attempt[] = [',
  "    ['caches', () => caches.keys()],",
  "    ['prototype getter', () => getterFromChain(self, 'caches')?.call(self)],",
  "    ['Reflect.get', () => Reflect.get(Object.getPrototypeOf(self), 'caches', self)],",
  "    ['constructor.prototype', () => (globalThis.constructor.prototype as Record<string, unknown>).caches],",
  "    ['CacheStorage', () => global.CacheStorage],",
  "    ['indexedDB', () => indexedDB.open('course-progress')],",
  "    ['indexedDB getter', () => getterFromChain(self, 'indexedDB')?.call(self)],",
  "    ['IDBFactory', () => global.IDBFactory],",
  "    ['BroadcastChannel', () => new BroadcastChannel('course')],",
  "    ['navigator.storage', () => navigator.storage.getDirectory()],",
  "    ['storage getter', () => getterFromChain(navigator, 'storage')?.call(navigator)],",
  "    ['navigator.locks', () => navigator.locks.query()],",
  "    ['file system', () => global.webkitRequestFileSystem],",
  '  ];',
  '  for (const [name, attempt] of attempts) {',
  '    try {',
  '      const value = await attempt();',
  "      lab.log(name + (value === undefined ? ': gone' : ': ESCAPED'));",
  '    } catch (error) {',
  "      lab.log(name + ': refused (' + (error instanceof Error ? error.message : String(error)) + ')');",
  '    }',
  '  }',
  '  // A worker of its own would start with a fresh global object: it starts locked down too.',
  "  const script = 'let said; try { said = typeof caches.open; } catch (error) { said = error.message; } postMessage(said);';",
  "  const worker = new Worker(URL.createObjectURL(new Blob([script], { type: 'text/javascript' })));",
  '  const said = await new Promise((resolve) => { worker.onmessage = (event) => resolve(event.data); });',
  "  lab.log('nested worker: ' + String(said));",
  '  worker.terminate();',
  '  const NativeWorker = Object.getPrototypeOf(worker).constructor;',
  "  lab.log('worker constructor: ' + (NativeWorker === Worker ? 'the locked one' : 'ESCAPED'));",
  '}',
].join('\n');

const squares = [
  "import * as tf from '@tensorflow/tfjs';",
  "import type { Lab } from '../api';",
  '',
  'export default async function main(lab: Lab) {',
  '  const sum = tf.tidy(() => tf.square(tf.tensor1d([1, 2, 3, 4])).sum());',
  "  lab.log('sum of squares:', (await sum.data())[0]);",
  '  sum.dispose();',
  '}',
].join('\n');

/** Every cache of the origin that answers for the lesson's address, by name. */
function cachesHoldingLesson(page: Page): Promise<string[]> {
  return page.evaluate(async (path) => {
    const url = new URL(path, location.href).href;
    const names = await caches.keys();
    const holding: string[] = [];
    for (const name of names) if (await (await caches.open(name)).match(url)) holding.push(name);
    return holding;
  }, lessonPath);
}

// Both programs run in one lab, as a learner would: Monaco loads once. The poisoning test comes last, as it
// ends by loading the lesson again.
test.describe('one lab, locked down', () => {
  let page: Page;
  let lab: Locator;
  useSharedLab(lessonPath, 'hello-tensors', (opened) => ({ page, lab } = opened));

  test('the WASM backend still starts its threads, in workers locked down like the lab worker', async () => {
    await lab.getByRole('radio', { name: 'WASM', exact: true }).check();
    await pasteCode(page, lab, squares);
    const log = await runLabToDone(lab);
    await expect(log).toContainText('sum of squares: 30');
    await expect(log).toContainText(/Running on WASM: .*\b[2-9]\d* threads\b/);
  });

  test('a program cannot poison Cache Storage, nor reach storage any other way, and the lab runs on', async () => {
    const log = lab.getByRole('log');

    await pasteCode(page, lab, poisoning);
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
    await expect(log).toContainText(`Lab programs cannot use Cache Storage (caches): ${refusal}`);
    await expect(log).toContainText('line 4 of main.ts');
    expect(await page.evaluate(() => caches.has('x'))).toBe(false);

    await pasteCode(page, lab, recovering);
    await runLabToDone(lab);
    for (const [attempt, what] of [
      ['caches', 'Cache Storage (caches)'],
      ['prototype getter', 'Cache Storage (caches)'],
      ['Reflect.get', 'Cache Storage (caches)'],
      ['constructor.prototype', 'Cache Storage (caches)'],
      ['CacheStorage', 'Cache Storage (CacheStorage)'],
      ['indexedDB', 'IndexedDB (indexedDB)'],
      ['indexedDB getter', 'IndexedDB (indexedDB)'],
      ['IDBFactory', 'IndexedDB (IDBFactory)'],
      ['BroadcastChannel', 'BroadcastChannel (it talks to the pages of the site)'],
      ['navigator.storage', 'the storage manager (navigator.storage)'],
      ['storage getter', 'the storage manager (navigator.storage)'],
      ['navigator.locks', 'Web Locks (navigator.locks)'],
      ['file system', 'the file system API (webkitRequestFileSystem)'],
    ])
      await expect(log).toContainText(`${attempt}: refused (Lab programs cannot use ${what}: ${refusal}`);
    await expect(log).toContainText(`nested worker: Lab programs cannot use Cache Storage (caches): ${refusal}`);
    await expect(log).toContainText('worker constructor: the locked one');
    await expect(log).not.toContainText('ESCAPED');
    await expect(log).not.toContainText(': gone');

    // The lab still works.
    await pasteCode(page, lab, squares);
    await expect(await runLabToDone(lab)).toContainText('sum of squares: 30');

    // No cache of the origin answers for the lesson, and the lesson's address serves the course's page.
    expect(await cachesHoldingLesson(page)).toEqual([]);
    await page.goto(lessonPath);
    await expect(page.locator('course-lab[data-lab-id="hello-tensors"]')).toBeAttached();
    await expect(page.getByText('owned', { exact: true })).toHaveCount(0);
  });
});
