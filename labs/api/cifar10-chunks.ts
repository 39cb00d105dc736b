/**
 * CIFAR-10 as the site ships it: a few chunk files and a manifest.json that lists them.
 *
 * Why chunks: a learner's first run needs a few thousand images, not all 60,000, so the lab downloads
 * only the leading chunks it needs, and each one is checked against the manifest's SHA-256 before use.
 *
 * A chunk file, little-endian:
 *   header, 16 bytes: "CF10" · format version u8 (1) · encoding u8 (1 = JPEG, 2 = raw) · 2 bytes 0 ·
 *                     image count u32 · 4 bytes 0
 *   JPEG encoding:    per image: label u8 · byte length u32 · the JPEG file's bytes, exactly as published
 *   raw encoding:     per image: one official 3,073-byte record (label, then the R, G and B planes)
 *
 * manifest.json (`CifarManifest` below) names the encoding, the classes, and per split (train, test)
 * its chunks in order, each with its image count, byte length, SHA-256 and images per class.
 *
 * Pure TypeScript with no Node or DOM imports: the browser worker, the Node tests and the benchmark
 * all read chunks with this one module. `npm run data:cifar10:pack` writes them (scripts/cifar10-pack.ts).
 */
import { CHANNELS, CLASS_NAMES, IMAGE_SIZE, NUM_CLASSES, PIXELS_PER_IMAGE, RECORD_BYTES, type ImageSet } from './cifar10.ts';
import { sha256Hex } from './sha256.ts';

const CHUNK_MAGIC = 'CF10';
const CHUNK_FORMAT_VERSION = 1;
const CHUNK_HEADER_BYTES = 16;
/** Label byte and u32 byte length before each JPEG. */
const JPEG_RECORD_HEADER_BYTES = 5;
export const MANIFEST_FILE = 'manifest.json';
export const CIFAR10_CITATION = 'Alex Krizhevsky, Learning Multiple Layers of Features from Tiny Images, 2009';

export type ChunkEncoding = 'jpeg' | 'raw';
export type SplitName = 'train' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'test'];

/** The encoding byte of a chunk header; a table keyed by the union, so a new encoding must be listed here. */
const ENCODING_CODES = { jpeg: 1, raw: 2 } as const satisfies Record<ChunkEncoding, number>;

/** What to do about any damaged or missing file; every CifarDataError ends with it. */
const FIX = 'Rebuild it with `npm run data:cifar10:pack`, or clear the site data / reload to download it again.';

/** Thrown for a chunk or manifest that is damaged or does not match; the message names the file. */
export class CifarDataError extends Error {
  override name = 'CifarDataError';
}

/** `problem` is a sentence that names the file. */
function fail(problem: string): never {
  throw new CifarDataError(`${problem}. ${FIX}`);
}

/** One chunk file as the manifest lists it. */
export interface ChunkEntry {
  /** File name next to manifest.json, e.g. "train-00.bin". */
  file: string;
  /** Images in the chunk. */
  count: number;
  /** Exact length of the file in bytes. */
  bytes: number;
  /** SHA-256 of the whole file, lowercase hex. */
  sha256: string;
  /** Images per class, indexed by label. */
  perClass: number[];
}

export interface CifarSplit {
  /** Images in the split: the sum of its chunks' counts. */
  count: number;
  /** Images per class, indexed by label: the sum over its chunks. */
  perClass: number[];
  /** In order: the first images of the split are in the first chunk. */
  chunks: ChunkEntry[];
}

/** The shape of manifest.json. */
export interface CifarManifest {
  version: 1;
  dataset: 'CIFAR-10';
  /** Where the images come from: the public JPEG copy or the official binary archive. */
  description: string;
  citation: string;
  encoding: ChunkEncoding;
  /** The class names in label order; always CLASS_NAMES. */
  classes: string[];
  splits: Record<SplitName, CifarSplit>;
}

/** One decoded chunk: labels and either the JPEG files (views into the chunk) or interleaved pixels. */
export interface ChunkContents {
  encoding: ChunkEncoding;
  labels: Uint8Array;
  /** JPEG encoding: each image's JPEG file, a view into the chunk's bytes (no copy). */
  jpegs?: Uint8Array[];
  /** Raw encoding: count × 32 × 32 × 3 bytes, R, G, B interleaved per pixel (HWC). */
  rgb?: Uint8Array;
}

// ——— manifest ———

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads manifest fields, naming the field path in every error. */
class ManifestReader {
  readonly #file: string;
  constructor(file: string) {
    this.#file = file;
  }

  fail(field: string, problem: string): never {
    return fail(`${this.#file}: field "${field}" ${problem}`);
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (!isRecord(value)) this.fail(field, 'must be an object');
    return value;
  }

  count(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
      this.fail(field, `must be a whole number ≥ 0, not ${JSON.stringify(value)}`);
    return value;
  }

  string(value: unknown, field: string): string {
    if (typeof value !== 'string' || value.length === 0)
      this.fail(field, `must be a non-empty string, not ${JSON.stringify(value)}`);
    return value;
  }

  perClass(value: unknown, field: string, total: number): number[] {
    if (!Array.isArray(value) || value.length !== NUM_CLASSES)
      this.fail(field, `must be a list of ${NUM_CLASSES} counts, one per class`);
    const counts = value.map((item, label) => this.count(item, `${field}[${label}]`));
    const sum = counts.reduce((a, b) => a + b, 0);
    if (sum !== total) this.fail(field, `adds up to ${sum}, but the count is ${total}`);
    return counts;
  }

  chunk(value: unknown, field: string): ChunkEntry {
    const raw = this.object(value, field);
    const file = this.string(raw.file, `${field}.file`);
    // The loader joins the name to a folder or URL, so it must stay a plain file name.
    if (!/^[\w.-]+$/.test(file) || file.startsWith('.'))
      this.fail(`${field}.file`, `must be a plain file name, not ${JSON.stringify(file)}`);
    const count = this.count(raw.count, `${field}.count`);
    if (count === 0) this.fail(`${field}.count`, 'must be at least 1');
    const bytes = this.count(raw.bytes, `${field}.bytes`);
    if (typeof raw.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(raw.sha256))
      this.fail(`${field}.sha256`, `must be 64 lowercase hex digits, not ${JSON.stringify(raw.sha256)}`);
    return { file, count, bytes, sha256: raw.sha256, perClass: this.perClass(raw.perClass, `${field}.perClass`, count) };
  }

  split(value: unknown, field: string): CifarSplit {
    const raw = this.object(value, field);
    const count = this.count(raw.count, `${field}.count`);
    if (!Array.isArray(raw.chunks)) this.fail(`${field}.chunks`, 'must be a list');
    const chunks = raw.chunks.map((chunk, index) => this.chunk(chunk, `${field}.chunks[${index}]`));
    const inChunks = chunks.reduce((sum, chunk) => sum + chunk.count, 0);
    if (inChunks !== count) this.fail(`${field}.count`, `is ${count}, but its chunks hold ${inChunks} images`);
    const perClass = this.perClass(raw.perClass, `${field}.perClass`, count);
    perClass.forEach((total, label) => {
      const summed = chunks.reduce((sum, chunk) => sum + chunk.perClass[label], 0);
      if (summed !== total)
        this.fail(`${field}.perClass[${label}]`, `is ${total}, but its chunks hold ${summed} images of class ${label}`);
    });
    return { count, perClass, chunks };
  }
}

/**
 * Validates parsed manifest.json into a CifarManifest. `fileName` names the file in errors, which
 * also name the field, e.g. `field "splits.train.chunks[3].sha256" must be 64 lowercase hex digits`.
 */
export function parseManifest(json: unknown, fileName: string): CifarManifest {
  // Annotated so that TypeScript treats reader.fail() as the end of the path (it returns never).
  const reader: ManifestReader = new ManifestReader(fileName);
  const raw = reader.object(json, '(top level)');
  if (raw.version !== 1) reader.fail('version', `must be 1, not ${JSON.stringify(raw.version)}`);
  if (raw.dataset !== 'CIFAR-10') reader.fail('dataset', `must be "CIFAR-10", not ${JSON.stringify(raw.dataset)}`);
  const description = reader.string(raw.description, 'description');
  const citation = reader.string(raw.citation, 'citation');
  if (raw.encoding !== 'jpeg' && raw.encoding !== 'raw')
    reader.fail('encoding', `must be "jpeg" or "raw", not ${JSON.stringify(raw.encoding)}`);
  // Labels are indices into this list, so another order would silently mislabel every image.
  if (
    !Array.isArray(raw.classes) ||
    raw.classes.length !== NUM_CLASSES ||
    raw.classes.some((name, label) => name !== CLASS_NAMES[label])
  ) {
    reader.fail('classes', `must be the CIFAR-10 classes in label order: ${CLASS_NAMES.join(', ')}`);
  }
  const splits = reader.object(raw.splits, 'splits');
  const files = new Set<string>();
  const parsed = {
    train: reader.split(splits.train, 'splits.train'),
    test: reader.split(splits.test, 'splits.test'),
  } satisfies Record<SplitName, CifarSplit>;
  for (const split of SPLIT_NAMES) {
    parsed[split].chunks.forEach((chunk, index) => {
      if (files.has(chunk.file)) reader.fail(`splits.${split}.chunks[${index}].file`, `lists ${chunk.file} a second time`);
      files.add(chunk.file);
    });
  }
  return {
    version: 1,
    dataset: 'CIFAR-10',
    description,
    citation,
    encoding: raw.encoding,
    classes: [...CLASS_NAMES],
    splits: parsed,
  };
}

/** The fewest leading chunks of a split that hold `imageCount` images. */
export function chunksFor(manifest: CifarManifest, split: SplitName, imageCount: number): ChunkEntry[] {
  const { count, chunks } = manifest.splits[split];
  if (!Number.isInteger(imageCount) || imageCount < 0) {
    throw new CifarDataError(`Asked for ${imageCount} ${split} images: ask for a whole number from 0 to ${count}.`);
  }
  if (imageCount > count) {
    throw new CifarDataError(
      `Asked for ${imageCount} ${split} images, but ${MANIFEST_FILE} lists only ${count}: ask for at most ${count}.`,
    );
  }
  const needed: ChunkEntry[] = [];
  let covered = 0;
  for (const chunk of chunks) {
    if (covered >= imageCount) break;
    needed.push(chunk);
    covered += chunk.count;
  }
  return needed;
}

// ——— chunk files ———

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Checks the header and returns the encoding and image count it declares. */
function readHeader(bytes: Uint8Array, file: string): { encoding: ChunkEncoding; count: number } {
  if (bytes.length < CHUNK_HEADER_BYTES)
    fail(`${file} has ${bytes.length} bytes, too few for the ${CHUNK_HEADER_BYTES}-byte chunk header`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== CHUNK_MAGIC) fail(`${file} does not start with "${CHUNK_MAGIC}", so it is not a CIFAR-10 chunk`);
  const data = view(bytes);
  const version = data.getUint8(4);
  if (version !== CHUNK_FORMAT_VERSION)
    fail(`${file} is chunk format version ${version}; this code reads version ${CHUNK_FORMAT_VERSION}`);
  const code = data.getUint8(5);
  const encoding = (Object.keys(ENCODING_CODES) as ChunkEncoding[]).find((name) => ENCODING_CODES[name] === code);
  if (!encoding) fail(`${file} has encoding byte ${code}; known encodings are 1 (JPEG) and 2 (raw)`);
  return { encoding, count: data.getUint32(8, true) };
}

/**
 * Checks a downloaded or read chunk against its manifest entry: length first (the usual damage is a
 * cut-off download), then SHA-256, then the header. Throws CifarDataError; resolves when all agree.
 */
export async function verifyChunk(bytes: Uint8Array, entry: ChunkEntry): Promise<void> {
  if (bytes.length < entry.bytes) fail(`truncated: ${entry.file} has ${bytes.length} bytes, the manifest says ${entry.bytes}`);
  if (bytes.length > entry.bytes) fail(`wrong size: ${entry.file} has ${bytes.length} bytes, the manifest says ${entry.bytes}`);
  const sha256 = await sha256Hex(bytes);
  if (sha256 !== entry.sha256)
    fail(
      `checksum mismatch: the SHA-256 of ${entry.file} is ${sha256}, the manifest says ${entry.sha256}, so the file is damaged or from another build`,
    );
  const { count } = readHeader(bytes, entry.file);
  if (count !== entry.count)
    fail(`image count mismatch: the header of ${entry.file} says ${count} images, the manifest says ${entry.count}`);
}

/**
 * Splits a chunk into labels and images (see ChunkContents). Checks the header, every label (0–9) and
 * that the records exactly fill the file. Run verifyChunk first for data that came over the network.
 */
export function readChunk(bytes: Uint8Array, entry: Pick<ChunkEntry, 'file'>): ChunkContents {
  const { file } = entry;
  const { encoding, count } = readHeader(bytes, file);
  const labels = new Uint8Array(count);
  const checkLabel = (label: number, index: number): number => {
    if (label >= NUM_CLASSES)
      fail(`${file}: image ${index} has label ${label}; CIFAR-10 labels are 0 to 9, so the file is corrupt`);
    return label;
  };

  if (encoding === 'raw') {
    const expected = CHUNK_HEADER_BYTES + count * RECORD_BYTES;
    if (bytes.length !== expected) fail(`${file} has ${bytes.length} bytes, but ${count} raw records need exactly ${expected}`);
    const rgb = new Uint8Array(count * PIXELS_PER_IMAGE);
    const plane = IMAGE_SIZE * IMAGE_SIZE;
    for (let index = 0; index < count; index++) {
      const start = CHUNK_HEADER_BYTES + index * RECORD_BYTES;
      labels[index] = checkLabel(bytes[start], index);
      // The official records are planar (all red, then green, then blue); TensorFlow.js wants HWC.
      const out = index * PIXELS_PER_IMAGE;
      for (let pixel = 0; pixel < plane; pixel++) {
        for (let channel = 0; channel < CHANNELS; channel++) {
          rgb[out + pixel * CHANNELS + channel] = bytes[start + 1 + channel * plane + pixel];
        }
      }
    }
    return { encoding, labels, rgb };
  }

  const data = view(bytes);
  const jpegs: Uint8Array[] = [];
  let offset = CHUNK_HEADER_BYTES;
  for (let index = 0; index < count; index++) {
    if (offset + JPEG_RECORD_HEADER_BYTES > bytes.length) fail(`${file} ends inside image ${index} of ${count}`);
    labels[index] = checkLabel(data.getUint8(offset), index);
    const length = data.getUint32(offset + 1, true);
    const start = offset + JPEG_RECORD_HEADER_BYTES;
    if (start + length > bytes.length) fail(`${file} ends inside image ${index} of ${count}, which claims ${length} bytes`);
    jpegs.push(bytes.subarray(start, start + length));
    offset = start + length;
  }
  if (offset !== bytes.length) fail(`${file} has ${bytes.length - offset} bytes after its ${count} images`);
  return { encoding, labels, jpegs };
}

/** Interleaved RGB bytes (count × 32 × 32 × 3) to NHWC float32 in [-1, 1], as parseCifarRecords scales them. */
export function rgbToImageSet(rgb: Uint8Array, labels: Uint8Array): ImageSet {
  if (rgb.length !== labels.length * PIXELS_PER_IMAGE) {
    throw new CifarDataError(
      `rgbToImageSet: ${rgb.length} pixel bytes do not match ${labels.length} labels × ${PIXELS_PER_IMAGE}; pass the pixels and labels of the same images.`,
    );
  }
  const images = new Float32Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) images[i] = rgb[i] / 127.5 - 1;
  return { images, labels, count: labels.length };
}

// ——— writing (used by the pack and import scripts) ———

/** One image to write: its label and its bytes (a JPEG file, or the 3,072 planar pixel bytes for raw). */
export interface ChunkImage {
  label: number;
  bytes: Uint8Array;
}

/** Writes a chunk file. For raw, each image's bytes are the official record's 3,072 planar pixel bytes. */
export function encodeChunk(encoding: ChunkEncoding, images: readonly ChunkImage[]): Uint8Array<ArrayBuffer> {
  const recordBytes = (image: ChunkImage): number =>
    encoding === 'raw' ? RECORD_BYTES : JPEG_RECORD_HEADER_BYTES + image.bytes.length;
  images.forEach((image, index) => {
    if (!Number.isInteger(image.label) || image.label < 0 || image.label >= NUM_CLASSES)
      throw new CifarDataError(`encodeChunk: image ${index} has label ${image.label}; labels are 0 to 9.`);
    if (encoding === 'raw' && image.bytes.length !== PIXELS_PER_IMAGE)
      throw new CifarDataError(
        `encodeChunk: raw image ${index} has ${image.bytes.length} pixel bytes; a raw record holds ${PIXELS_PER_IMAGE}.`,
      );
  });
  const out = new Uint8Array(CHUNK_HEADER_BYTES + images.reduce((sum, image) => sum + recordBytes(image), 0));
  const data = view(out);
  out.set(
    Array.from(CHUNK_MAGIC, (char) => char.charCodeAt(0)),
    0,
  );
  data.setUint8(4, CHUNK_FORMAT_VERSION);
  data.setUint8(5, ENCODING_CODES[encoding]);
  data.setUint32(8, images.length, true);
  let offset = CHUNK_HEADER_BYTES;
  for (const image of images) {
    data.setUint8(offset, image.label);
    if (encoding === 'jpeg') {
      data.setUint32(offset + 1, image.bytes.length, true);
      out.set(image.bytes, offset + JPEG_RECORD_HEADER_BYTES);
    } else {
      out.set(image.bytes, offset + 1);
    }
    offset += recordBytes(image);
  }
  return out;
}

/** Images per class, indexed by label. */
function countPerClass(labels: Iterable<number>): number[] {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  for (const label of labels) counts[label] = counts[label] + 1;
  return counts;
}

/** A chunk file's bytes and its manifest entry. */
export interface BuiltChunk {
  entry: ChunkEntry;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Encodes a chunk and describes it for the manifest. */
export async function buildChunk(file: string, encoding: ChunkEncoding, images: readonly ChunkImage[]): Promise<BuiltChunk> {
  const bytes = encodeChunk(encoding, images);
  const entry: ChunkEntry = {
    file,
    count: images.length,
    bytes: bytes.length,
    sha256: await sha256Hex(bytes),
    perClass: countPerClass(images.map((image) => image.label)),
  };
  return { entry, bytes };
}

/** A split's manifest entry from its chunks, in order. */
export function splitOf(chunks: ChunkEntry[]): CifarSplit {
  const perClass = new Array<number>(NUM_CLASSES)
    .fill(0)
    .map((_, label) => chunks.reduce((sum, chunk) => sum + chunk.perClass[label], 0));
  return { count: chunks.reduce((sum, chunk) => sum + chunk.count, 0), perClass, chunks };
}
