import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLASS_NAMES, PIXELS_PER_IMAGE, RECORD_BYTES, parseCifarRecords } from '../../labs/api/cifar10.ts';
import {
  buildChunk,
  chunksFor,
  CifarDataError,
  encodeChunk,
  parseManifest,
  readChunk,
  rgbToImageSet,
  verifyChunk,
  type CifarManifest,
  SPLIT_NAMES,
  type SplitName,
} from '../../labs/api/cifar10-chunks.ts';
import { packJpegChunks, planJpegChunks } from '../../scripts/lib/cifar10-jpeg-pack.ts';
import { DEFAULT_JPEG_MIRROR, openJpegSource } from '../../scripts/lib/cifar10-jpeg-source.ts';
import { DEFAULT_CIFAR10_DIR, loadCifar10FromDisk, type LoadedCifar10 } from '../../scripts/lib/cifar10-node.ts';

const dir = DEFAULT_CIFAR10_DIR;
const FIX = 'Rebuild it with `npm run data:cifar10:pack`, or clear the site data / reload to download it again.';
const shippedManifest = (): CifarManifest =>
  parseManifest(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')), 'manifest.json');
const chunkBytes = (file: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(path.join(dir, file)));
const countLabels = (labels: Uint8Array): number[] => CLASS_NAMES.map((_, label) => labels.filter((l) => l === label).length);
/** CI checks out the committed chunks but has no mirror of the source JPEGs. */
const hasMirror = existsSync(DEFAULT_JPEG_MIRROR);
const noMirror = `skipped: no JPEG mirror at ${DEFAULT_JPEG_MIRROR} (CI has none); the committed chunks are still tested`;

describe('the shipped CIFAR-10 chunks', () => {
  let all: LoadedCifar10;
  /** Each chunk's labels, by split, read once from files whose checksums matched. */
  const chunkLabels = new Map<SplitName, Uint8Array[]>();
  // Every chunk's bytes are pinned by its SHA-256 (checked here, and by every load); the pack script decoded
  // each JPEG when it made them (see the mirror tests). Decoding all 60,000 again on every run (10 s of CPU)
  // would find nothing new, so a sample decodes: the whole test split and the first training chunk.
  beforeAll(async () => {
    all = await loadCifar10FromDisk({ train: 5_000, test: 10_000 });
    for (const split of SPLIT_NAMES) {
      const labels: Uint8Array[] = [];
      for (const entry of all.manifest.splits[split].chunks) {
        const bytes = chunkBytes(entry.file);
        await verifyChunk(bytes, entry);
        labels.push(readChunk(bytes, entry).labels);
      }
      chunkLabels.set(split, labels);
    }
  }, 120_000);

  it('match their checksums, hold 5,000 and 1,000 images per class as the manifest says, and decode to images', () => {
    for (const [split, perClass] of [
      ['train', 5000],
      ['test', 1000],
    ] as const) {
      const totals = (chunkLabels.get(split) ?? [])
        .map(countLabels)
        .reduce((sum, counts) => sum.map((n, label) => n + (counts[label] ?? 0)));
      expect(totals).toEqual(Array(10).fill(perClass));
      expect(all.manifest.splits[split].perClass).toEqual(Array(10).fill(perClass));
    }
    expect(all.train.count).toBe(5_000);
    expect(all.test.count).toBe(10_000);
    expect(all.test.images.length).toBe(10_000 * PIXELS_PER_IMAGE);
    expect(all.manifest).toMatchObject({ encoding: 'jpeg', classes: [...CLASS_NAMES] });
  });

  it('hold 500 images per class each, every run of 10 one of each class, and fit the download budget', () => {
    const { train, test } = all.manifest.splits;
    expect(train.chunks.map((chunk) => chunk.file)).toEqual(Array.from({ length: 10 }, (_, k) => `train-0${k}.bin`));
    expect(test.chunks.map((chunk) => chunk.file)).toEqual(['test-00.bin', 'test-01.bin']);
    for (const split of SPLIT_NAMES) {
      all.manifest.splits[split].chunks.forEach((entry, index) => {
        const labels = chunkLabels.get(split)?.[index] ?? new Uint8Array();
        expect(countLabels(labels)).toEqual(entry.perClass);
        expect(entry.perClass).toEqual(Array(10).fill(500));
        // Any prefix mixes the classes: a lab that takes the first 100 images gets 10 of each.
        for (let start = 0; start < labels.length; start += 10) expect(new Set(labels.subarray(start, start + 10)).size).toBe(10);
        expect(entry.bytes).toBeLessThan(10e6);
      });
    }
    // The lab's default run downloads just these two.
    expect((train.chunks[0]?.bytes ?? 0) + (test.chunks[0]?.bytes ?? 0)).toBeLessThan(10e6);
  });

  it.skipIf(!hasMirror)(
    `hold the source JPEGs byte for byte, and decode to the source's pixels${hasMirror ? '' : ` (${noMirror})`}`,
    async () => {
      const plan = planJpegChunks(await openJpegSource(DEFAULT_JPEG_MIRROR).list());
      const offsets: Record<SplitName, number> = { train: 0, test: 0 };
      const chunkStart = plan.map((chunk) => {
        const start = offsets[chunk.split];
        offsets[chunk.split] += chunk.images.length;
        return start;
      });
      // 20 samples spread over all 12 chunks.
      for (let sample = 0; sample < 20; sample++) {
        const chunkIndex = sample % plan.length;
        const chunk = plan[chunkIndex];
        const index = (sample * 1237 + 11) % chunk.images.length;
        const source = chunk.images[index];
        const sourceBytes = new Uint8Array(
          execFileSync('git', ['-C', DEFAULT_JPEG_MIRROR, 'cat-file', 'blob', `HEAD:${source.path}`]),
        );

        const contents = readChunk(chunkBytes(chunk.file), { file: chunk.file });
        expect(contents.jpegs).toHaveLength(chunk.images.length);
        expect(contents.labels[index], source.path).toBe(source.label);
        expect(Buffer.compare(Buffer.from(contents.jpegs![index]), Buffer.from(sourceBytes)), source.path).toBe(0);

        const decoded = jpeg.decode(sourceBytes, { useTArray: true, formatAsRGBA: false }).data;
        const at = (chunkStart[chunkIndex] + index) * PIXELS_PER_IMAGE;
        const loaded = all[chunk.split].images.subarray(at, at + PIXELS_PER_IMAGE);
        expect(loaded, source.path).toEqual(Float32Array.from(decoded, (value) => value / 127.5 - 1));
      }
    },
  );

  it.skipIf(!hasMirror)(
    `are what the pack script makes of the mirror today (it is deterministic)${hasMirror ? '' : ` (${noMirror})`}`,
    async () => {
      const { manifest } = await packJpegChunks(openJpegSource(DEFAULT_JPEG_MIRROR));
      expect(manifest).toEqual(all.manifest);
    },
  );
});

describe('verifyChunk', () => {
  const entry = shippedManifest().splits.test.chunks[1];

  it('accepts the shipped chunk', async () => {
    await expect(verifyChunk(chunkBytes(entry.file), entry)).resolves.toBeUndefined();
  });

  it('names the file whose checksum does not match, and says what to do', async () => {
    const bytes = chunkBytes(entry.file);
    bytes[123_456] = bytes[123_456] ^ 0x01;
    await expect(verifyChunk(bytes, entry)).rejects.toThrowError(CifarDataError);
    await expect(verifyChunk(bytes, entry)).rejects.toThrow(
      /^checksum mismatch: the SHA-256 of test-01\.bin is [0-9a-f]{64}, the manifest says [0-9a-f]{64}, so the file is damaged or from another build\. Rebuild it with/,
    );
  });

  it('says a cut-off file is truncated', async () => {
    const bytes = chunkBytes(entry.file).subarray(0, 1000);
    await expect(verifyChunk(bytes, entry)).rejects.toThrowError(
      new CifarDataError(`truncated: test-01.bin has 1000 bytes, the manifest says ${entry.bytes}. ${FIX}`),
    );
  });

  it('says when the header count differs from the manifest', async () => {
    const tiny = await buildChunk('tiny.bin', 'jpeg', [
      { label: 1, bytes: new Uint8Array([1, 2, 3]) },
      { label: 2, bytes: new Uint8Array([4]) },
    ]);
    await expect(verifyChunk(tiny.bytes, { ...tiny.entry, count: 3 })).rejects.toThrowError(
      new CifarDataError(`image count mismatch: the header of tiny.bin says 2 images, the manifest says 3. ${FIX}`),
    );
  });
});

describe('readChunk', () => {
  it('gives JPEGs as views into the chunk, and rejects extra bytes and bad labels', () => {
    const tiny = encodeChunk('jpeg', [{ label: 9, bytes: new Uint8Array([0xff, 0xd8]) }]);
    const contents = readChunk(tiny, { file: 'tiny.bin' });
    expect(contents.labels).toEqual(new Uint8Array([9]));
    expect(contents.jpegs?.[0]?.buffer).toBe(tiny.buffer);

    const longer = new Uint8Array(tiny.length + 1);
    longer.set(tiny);
    expect(() => readChunk(longer, { file: 'tiny.bin' })).toThrow('tiny.bin has 1 bytes after its 1 images');

    const badLabel = tiny.slice();
    badLabel[16] = 12;
    expect(() => readChunk(badLabel, { file: 'tiny.bin' })).toThrow('tiny.bin: image 0 has label 12; CIFAR-10 labels are 0 to 9');
    expect(() => readChunk(new TextEncoder().encode('GIF89a, not a chunk at all'), { file: 'x.bin' })).toThrow(
      'x.bin does not start with "CF10"',
    );
  });

  it('round-trips the raw encoding to the same pixels as the official parser', () => {
    const records = Array.from({ length: 3 }, (_, image) => {
      const record = new Uint8Array(RECORD_BYTES);
      record[0] = image * 4;
      for (let i = 0; i < PIXELS_PER_IMAGE; i++) record[1 + i] = (i * 13 + image * 29) % 256;
      return record;
    });
    const chunk = encodeChunk(
      'raw',
      records.map((record) => ({ label: record[0], bytes: record.subarray(1) })),
    );
    expect(chunk.length).toBe(16 + 3 * RECORD_BYTES);
    const contents = readChunk(chunk, { file: 'raw.bin' });
    expect(contents.encoding).toBe('raw');
    expect(contents.labels).toEqual(new Uint8Array([0, 4, 8]));
    // Planar in the file, interleaved out: pixel 1's green is the record's green plane, offset 1.
    expect(contents.rgb?.[1 * 3 + 1]).toBe(records[0]?.[1 + 1024 + 1]);
    const official = parseCifarRecords(Buffer.concat(records));
    const ours = rgbToImageSet(contents.rgb!, contents.labels);
    expect(ours.labels).toEqual(official.labels);
    expect(ours.images).toEqual(official.images);
  });
});

describe('parseManifest and chunksFor', () => {
  const shipped = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as CifarManifest;
  const broken = (change: (manifest: CifarManifest) => void): unknown => {
    const copy = structuredClone(shipped);
    change(copy);
    return copy;
  };

  it('names the bad field and the file', () => {
    expect(() =>
      parseManifest(
        broken((m) => (m.splits.train.chunks[3].sha256 = 'ABC')),
        'public/data/cifar10/manifest.json',
      ),
    ).toThrowError(
      new CifarDataError(
        `public/data/cifar10/manifest.json: field "splits.train.chunks[3].sha256" must be 64 lowercase hex digits, not "ABC". ${FIX}`,
      ),
    );
    expect(() =>
      parseManifest(
        broken((m) => Object.assign(m, { version: 2 })),
        'm.json',
      ),
    ).toThrow('m.json: field "version" must be 1, not 2');
    expect(() =>
      parseManifest(
        broken((m) => m.classes.reverse()),
        'm.json',
      ),
    ).toThrow('m.json: field "classes" must be the CIFAR-10 classes in label order');
    expect(() =>
      parseManifest(
        broken((m) => (m.splits.test.count = 9999)),
        'm.json',
      ),
    ).toThrow('field "splits.test.count" is 9999, but its chunks hold 10000 images');
    expect(() =>
      parseManifest(
        broken((m) => (m.splits.test.chunks[0].perClass[0] = 501)),
        'm.json',
      ),
    ).toThrow('field "splits.test.chunks[0].perClass" adds up to 5001, but the count is 5000');
    expect(() =>
      parseManifest(
        broken((m) => (m.splits.test.chunks[0].file = '../secret')),
        'm.json',
      ),
    ).toThrow('field "splits.test.chunks[0].file" must be a plain file name');
    expect(() =>
      parseManifest(
        broken((m) => (m.splits.test.chunks[0].file = 'train-00.bin')),
        'm.json',
      ),
    ).toThrow('field "splits.test.chunks[0].file" lists train-00.bin a second time');
    expect(() => parseManifest([], 'm.json')).toThrow('m.json: field "(top level)" must be an object');
  });

  it('picks the fewest leading chunks that hold the images asked for', () => {
    const manifest = shippedManifest();
    const files = (split: SplitName, count: number): string[] => chunksFor(manifest, split, count).map((chunk) => chunk.file);
    expect(files('train', 0)).toEqual([]);
    expect(files('train', 5000)).toEqual(['train-00.bin']);
    expect(files('train', 5001)).toEqual(['train-00.bin', 'train-01.bin']);
    expect(files('test', 10_000)).toEqual(['test-00.bin', 'test-01.bin']);
    expect(() => chunksFor(manifest, 'test', 10_001)).toThrow(
      'Asked for 10001 test images, but manifest.json lists only 10000: ask for at most 10000.',
    );
  });

  it('loadCifar10FromDisk names a missing manifest and how to build it', async () => {
    await expect(loadCifar10FromDisk({ dir: 'no/such/folder', train: 1, test: 1 })).rejects.toThrow(
      'no/such/folder/manifest.json is missing. Run `npm run data:cifar10:pack`',
    );
  });
});
