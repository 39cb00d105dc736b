import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A host for the site under test: a server on a port of its own that passes every request on to the site
 * (astro preview, which sends all the site's headers) and lets the test decide what the host does. Each
 * one is a new origin, so a test starts with no service worker and no caches from another test.
 */
export interface SiteProxy {
  origin: string;
  /** The path of every request that reached this host. */
  requests: string[];
  /** From now on, answers `path` with its body passed through `change` (say, the sw.js of a newer build). */
  rewrite(path: string, change: (body: string) => string): void;
  /** Stops the host: from then on nothing can reach the site through it. */
  close(): Promise<void>;
}

export interface SiteProxyOptions {
  /** Response headers the host drops, e.g. the isolation headers, which GitHub Pages cannot send. */
  withoutHeaders?: readonly string[];
}

export async function startSiteProxy(siteUrl: string, { withoutHeaders = [] }: SiteProxyOptions = {}): Promise<SiteProxy> {
  const site = new URL(siteUrl);
  const dropped = new Set(withoutHeaders.map((name) => name.toLowerCase()));
  const rewrites = new Map<string, (body: string) => string>();
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    const change = rewrites.get(new URL(path, site).pathname);
    const headers: http.OutgoingHttpHeaders = { ...request.headers, host: site.host };
    // Whole, plain bodies, so that a rewrite can read them (never a 304 with none).
    for (const name of ['accept-encoding', 'if-none-match', 'if-modified-since']) delete headers[name];
    const upstream = http.request(new URL(path, site), { method: request.method, headers }, (reply) => {
      const replyHeaders = Object.fromEntries(Object.entries(reply.headers).filter(([name]) => !dropped.has(name)));
      if (!change) {
        response.writeHead(reply.statusCode ?? 502, replyHeaders);
        reply.pipe(response);
        return;
      }
      const parts: Buffer[] = [];
      reply.on('data', (part: Buffer) => parts.push(part));
      reply.on('end', () => {
        const body = Buffer.from(change(Buffer.concat(parts).toString('utf8')));
        for (const name of ['content-length', 'etag', 'last-modified']) delete replyHeaders[name];
        response.writeHead(reply.statusCode ?? 502, { ...replyHeaders, 'content-length': String(body.length) });
        response.end(body);
      });
    });
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    requests,
    rewrite: (path, change) => rewrites.set(path, change),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
