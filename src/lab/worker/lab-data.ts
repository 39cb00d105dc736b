/**
 * `lab.fetchData` and `lab.decodeImages`, apart from where the bytes come from.
 *
 * A `DataHost` only reads files and decodes single images; everything a learner sees (the progress
 * bars, the checksum check, the wording of errors) lives here, so the page, Vitest and the benchmarks
 * behave alike. The page's host (data-host-browser.ts) keeps checked files in Cache Storage.
 */
import type { DecodeImagesOptions, FetchDataOptions, Lab } from '../../../labs/api/index.ts';
import { sha256Hex } from '../../../labs/api/sha256.ts';

/** A decoded image as the platform hands it over: RGBA, row by row. */
export interface DecodedImage {
  width: number;
  height: number;
  rgba: Uint8Array | Uint8ClampedArray;
}

export interface DataHost {
  /**
   * Reads `path` (relative to the data folder, already checked). `onBytes` reports progress whenever bytes
   * arrive; `total` is 0 when the size is unknown. With `sha256`, a host may answer from a copy it kept;
   * `reload` asks for a fresh copy from the server, past any cache (after a damaged one arrived).
   * Throws `DataFileError` when the file is missing.
   */
  read(
    path: string,
    options: { sha256?: string; reload: boolean; onBytes: (received: number, total: number) => void },
  ): Promise<Uint8Array>;
  /** Keeps a file whose checksum was verified, so the next run reads it without downloading. Optional. */
  keep?(path: string, sha256: string, bytes: Uint8Array): Promise<void>;
  /** Decodes one JPEG or PNG file. */
  decodeImage(file: Uint8Array): Promise<DecodedImage>;
}

/** A data file that is missing, truncated or damaged; the message names the file and what to do. */
export class DataFileError extends Error {
  override name = 'DataFileError';
}

const safePath = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

function checkedPath(path: string): string {
  const text = String(path);
  if (!safePath.test(text)) {
    throw new DataFileError(
      `lab.fetchData("${text}"): give a path inside the site's data folder, such as "cifar10/manifest.json" ` +
        '(letters, digits, ".", "-", "_" and "/" only; no "..", no other sites).',
    );
  }
  return text;
}

function fileName(path: string): string {
  return path.split('/').pop() ?? path;
}

function missingHost(what: string): never {
  throw new Error(`${what} is not available here: this runner gives the lab no data folder.`);
}

const count = (value: number) => value.toLocaleString('en-US');

/** Why `bytes` are not the file the manifest describes, as in "data/x.bin is …", or null when they are. */
async function problemWith(bytes: Uint8Array, options: FetchDataOptions): Promise<string | null> {
  if (options.bytes !== undefined && bytes.length !== options.bytes) {
    const problem = bytes.length < options.bytes ? 'is truncated' : 'is longer than expected';
    return `${problem}: ${count(bytes.length)} bytes arrived, the manifest says ${count(options.bytes)}`;
  }
  if (options.sha256) {
    const actual = await sha256Hex(bytes);
    if (actual !== options.sha256.toLowerCase()) {
      return `is damaged: its SHA-256 is ${actual.slice(0, 12)}…, the manifest expects ${options.sha256.slice(0, 12)}…`;
    }
  }
  return null;
}

/**
 * What a learner reads when `data/<file>` arrived wrong (`first`, from problemWith) and the fresh copy
 * fetched past every cache did not help: wrong the same way (`second` equal to `first`: the site's own file
 * is bad), wrong another way, or not fetched at all (`failure`, the download's own message). It says what
 * happened, what was tried, and who can fix it; a reload cannot, since the second copy bypassed every cache.
 */
export function damagedFileMessage(file: string, first: string, outcome: { second: string } | { failure: string }): string {
  const arrived = `data/${file} ${first}.`;
  if ('failure' in outcome) {
    return `${arrived} A fresh copy was asked for from the site, past every cache, but it did not arrive: ${outcome.failure}`;
  }
  if (outcome.second === first) {
    return (
      `${arrived} It was downloaded twice with the same result, the second time from the site itself, past every ` +
      'cache in this browser, so the file on the site is damaged: running again or reloading cannot help. ' +
      'Whoever runs the course must rebuild the data (`npm run data:cifar10:pack`), build and deploy again.'
    );
  }
  return (
    `${arrived} A fresh copy from the site, past every cache in this browser, was wrong too, in another way ` +
    `(it ${outcome.second.replace(/^is /, 'was ')}): something between this browser and the site changes the ` +
    'download (a proxy, a connection that breaks off), or the site is being deployed right now. Run again in a ' +
    'few minutes; if it happens again, try another network.'
  );
}

export async function fetchDataWith(
  host: DataHost | undefined,
  lab: Pick<Lab, 'progress'>,
  path: string,
  options: FetchDataOptions,
): Promise<Uint8Array> {
  const file = checkedPath(path);
  if (!host) missingHost('lab.fetchData');
  const label = options.label ?? `Downloading ${fileName(file)}`;
  const download = async (reload: boolean) => {
    let progress: ReturnType<Lab['progress']> | undefined;
    let progressTotal = 0;
    const bytes = await host.read(file, {
      sha256: options.sha256,
      reload,
      onBytes(received, total) {
        if (!progress || total !== progressTotal) {
          progressTotal = total;
          progress = lab.progress({ label, total: total || received, unit: 'bytes' });
        }
        progress.update(received);
      },
    });
    progress?.finish();
    return bytes;
  };
  let bytes = await download(false);
  const problem = await problemWith(bytes, options);
  if (problem) {
    // The copy may have come from a cache (the browser's HTTP cache, the lab's own, the offline copy): ask
    // the site once more, past all of them. The course's service worker verifies that download and puts it
    // in place of its own copy; keep() below replaces the lab's.
    try {
      bytes = await download(true);
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      throw new DataFileError(damagedFileMessage(file, problem, { failure: error.message }));
    }
    const second = await problemWith(bytes, options);
    if (second) throw new DataFileError(damagedFileMessage(file, problem, { second }));
  }
  if (options.sha256) await host.keep?.(file, options.sha256.toLowerCase(), bytes);
  return bytes;
}

export async function decodeImagesWith(
  host: DataHost | undefined,
  lab: Pick<Lab, 'progress'>,
  files: readonly Uint8Array[],
  options: DecodeImagesOptions,
): Promise<Uint8Array> {
  if (!host) missingHost('lab.decodeImages');
  const { width, height } = options;
  const pixelsPerImage = width * height;
  const rgb = new Uint8Array(files.length * pixelsPerImage * 3);
  const progress = lab.progress({ label: options.label ?? 'Decoding images', total: files.length, unit: 'images' });
  // A few decodes in flight at once: browsers decode on other threads, so this keeps them busy.
  const inFlight = 32;
  for (let first = 0; first < files.length; first += inFlight) {
    const batch = files.slice(first, first + inFlight);
    const decoded = await Promise.all(
      batch.map((file, offset) =>
        host.decodeImage(file).catch((error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          throw new DataFileError(`Image ${first + offset} could not be decoded (${reason}): the data file is damaged.`);
        }),
      ),
    );
    decoded.forEach((image, offset) => {
      const index = first + offset;
      if (image.width !== width || image.height !== height) {
        throw new DataFileError(`Image ${index} is ${image.width}×${image.height} pixels; expected ${width}×${height}.`);
      }
      const out = index * pixelsPerImage * 3;
      for (let pixel = 0; pixel < pixelsPerImage; pixel++) {
        rgb[out + pixel * 3] = image.rgba[pixel * 4];
        rgb[out + pixel * 3 + 1] = image.rgba[pixel * 4 + 1];
        rgb[out + pixel * 3 + 2] = image.rgba[pixel * 4 + 2];
      }
    });
    progress.update(first + batch.length);
  }
  progress.finish();
  return rgb;
}
