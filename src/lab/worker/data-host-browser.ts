/**
 * The lab worker's data host: reads the site's data/ folder over HTTP with progress, keeps checked files
 * in Cache Storage (so a second run downloads nothing, even when the server sends no caching headers),
 * and decodes images with the browser's own decoder, off the page's main thread.
 */
import { DataFileError, type DataHost, type DecodedImage } from './lab-data.ts';

/** Bump when the way files are kept changes; old caches are then simply never read again. */
export const labDataCacheName = 'gpu-course-data-v1';

/**
 * The worker's Cache Storage, taken when this module loads: before the lab worker removes it from the
 * program's reach (worker-lockdown.ts). Only this module holds it, and it only ever opens `labDataCacheName`.
 * Cache Storage needs a secure context (https or localhost); elsewhere it is missing, and files come from
 * the network.
 */
const cacheStorage: CacheStorage | undefined = typeof caches === 'undefined' ? undefined : caches;

async function openCache(): Promise<Cache | null> {
  try {
    return cacheStorage ? await cacheStorage.open(labDataCacheName) : null;
  } catch {
    return null;
  }
}

/** The key a checked file is kept under: a new checksum (a rebuilt data set) never matches an old copy. */
function cacheKey(url: URL, sha256: string): string {
  return `${url.href}?sha256=${sha256}`;
}

async function readBody(response: Response, onBytes: (received: number, total: number) => void): Promise<Uint8Array> {
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onBytes(bytes.length, bytes.length);
    return bytes;
  }
  const parts: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    onBytes(received, total);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

export function createBrowserDataHost(dataUrl: string): DataHost {
  let canvas: OffscreenCanvas | undefined;
  let context: OffscreenCanvasRenderingContext2D | null | undefined;
  return {
    async read(path, { sha256, reload, onBytes }) {
      const url = new URL(path, dataUrl);
      const cache = sha256 ? await openCache() : null;
      const kept = cache && sha256 && !reload ? await cache.match(cacheKey(url, sha256)) : undefined;
      if (kept) {
        const bytes = new Uint8Array(await kept.arrayBuffer());
        onBytes(bytes.length, bytes.length);
        return bytes;
      }
      let response: Response;
      try {
        response = await fetch(url, { cache: reload ? 'reload' : 'default' });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new DataFileError(`data/${path} could not be downloaded (${reason}). Check the connection and run again.`);
      }
      if (!response.ok) {
        throw new DataFileError(
          `data/${path} is missing on this site (HTTP ${response.status}). The site was built without it: ` +
            'run `npm run data:cifar10:pack` (or `npm run data:cifar10 -- --archive PATH`) and build again.',
        );
      }
      return readBody(response, onBytes);
    },

    async keep(path, sha256, bytes) {
      const cache = await openCache();
      if (!cache) return;
      const url = new URL(path, dataUrl);
      try {
        await cache.put(
          cacheKey(url, sha256),
          new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/octet-stream' } }),
        );
      } catch {
        // A full or disabled cache costs a download next time, nothing more.
      }
    },

    async decodeImage(file): Promise<DecodedImage> {
      const bitmap = await createImageBitmap(new Blob([file as Uint8Array<ArrayBuffer>]), {
        // The pixels as stored: no colour management, no premultiplied alpha.
        colorSpaceConversion: 'none',
        premultiplyAlpha: 'none',
      });
      try {
        const { width, height } = bitmap;
        if (!canvas || canvas.width !== width || canvas.height !== height) {
          canvas = new OffscreenCanvas(width, height);
          context = canvas.getContext('2d', { willReadFrequently: true });
        }
        if (!context) throw new Error('this browser gives workers no 2D canvas to read pixels from');
        context.clearRect(0, 0, width, height);
        context.drawImage(bitmap, 0, 0);
        return { width, height, rgba: context.getImageData(0, 0, width, height).data };
      } finally {
        bitmap.close();
      }
    },
  };
}
