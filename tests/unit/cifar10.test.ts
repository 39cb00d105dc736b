import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create } from 'tar';
import { afterAll, describe, expect, it } from 'vitest';
import { CifarFormatError, PIXELS_PER_IMAGE, RECORD_BYTES, parseCifarRecords } from '../../labs/api/cifar10.ts';
import { parseManifest, verifyChunk } from '../../labs/api/cifar10-chunks.ts';
import { syntheticCifar } from '../../labs/cnn/synthetic.ts';
import { importCifar10 } from '../../scripts/cifar10-import.ts';
import { loadCifar10FromDisk } from '../../scripts/lib/cifar10-node.ts';

const work = mkdtempSync(path.join(tmpdir(), 'cifar-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One record in the official layout: label, then the R, G and B planes, with a pixel pattern we can check. */
function record(label: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(RECORD_BYTES);
  bytes[0] = label;
  for (let i = 0; i < PIXELS_PER_IMAGE; i++) bytes[1 + i] = (i * 7 + seed) % 256;
  return bytes;
}

function batchFile(count: number, offset: number): Buffer {
  return Buffer.concat(Array.from({ length: count }, (_, i) => record((i + offset) % 10, i + offset)));
}

/** Writes a small archive with the official member names: cifar-10-batches-bin/data_batch_1.bin, … */
async function makeArchive(name: string, perFile: number, options: { skip?: string } = {}): Promise<string> {
  const root = path.join(work, `${name}-src`);
  const folder = path.join(root, 'cifar-10-batches-bin');
  mkdirSync(folder, { recursive: true });
  const members = [
    'data_batch_1.bin',
    'data_batch_2.bin',
    'data_batch_3.bin',
    'data_batch_4.bin',
    'data_batch_5.bin',
    'test_batch.bin',
  ];
  members.forEach((member, index) => {
    if (member !== options.skip) writeFileSync(path.join(folder, member), batchFile(perFile, index * 100));
  });
  writeFileSync(path.join(folder, 'batches.meta.txt'), 'airplane\nautomobile\n');
  const archive = path.join(work, `${name}.tar.gz`);
  await create({ gzip: true, file: archive, cwd: root }, ['cifar-10-batches-bin']);
  return archive;
}

describe('parseCifarRecords', () => {
  it('turns planar R, G, B bytes into NHWC values in [-1, 1]', () => {
    const bytes = new Uint8Array(RECORD_BYTES);
    bytes[0] = 3;
    bytes[1 + 0] = 255; // red plane, pixel (0,0)
    bytes[1 + 1024 + 0] = 0; // green plane, pixel (0,0)
    bytes[1 + 2048 + 33] = 255; // blue plane, pixel (1,1)
    const set = parseCifarRecords(bytes);
    expect(set.count).toBe(1);
    expect(set.labels[0]).toBe(3);
    expect(set.images[0]).toBe(1); // (0,0) red
    expect(set.images[1]).toBe(-1); // (0,0) green
    expect(set.images[(1 * 32 + 1) * 3 + 2]).toBe(1); // (1,1) blue
    expect(set.images[(1 * 32 + 1) * 3 + 0]).toBe(-1); // (1,1) red is 0
  });

  it('rejects a truncated batch with a message that says so', () => {
    expect(() => parseCifarRecords(batchFile(2, 0).subarray(0, RECORD_BYTES + 10), 'data_batch_1.bin')).toThrowError(
      new CifarFormatError(
        'data_batch_1.bin has 3083 bytes, which is not a whole number of 3073-byte CIFAR-10 records: it is truncated or not CIFAR-10 binary data.',
      ),
    );
  });

  it('rejects a label outside 0–9', () => {
    const bad = record(12, 0);
    expect(() => parseCifarRecords(bad, 'test_batch.bin')).toThrow(/record 0 has label 12/);
  });
});

describe('importCifar10', () => {
  it('writes raw chunks of at most 3,000 official records and a manifest, replacing the set that was there', async () => {
    const archive = await makeArchive('good', 700);
    const outDir = path.join(work, 'out');
    // A previous set: the shipped JPEG chunks and the old importer's files must all go.
    mkdirSync(outDir, { recursive: true });
    for (const old of ['train-09.bin', 'test-01.bin', 'train.bin', 'meta.json', 'manifest.json'])
      writeFileSync(path.join(outDir, old), 'old');
    writeFileSync(path.join(outDir, 'keep.txt'), 'not part of the data set');

    const result = await importCifar10({ archive, train: 3500, test: 5, outDir });
    expect(result.replaced).toEqual(['manifest.json', 'meta.json', 'test-01.bin', 'train-09.bin', 'train.bin']);
    expect(readdirSync(outDir).sort()).toEqual(['keep.txt', 'manifest.json', 'test-00.bin', 'train-00.bin', 'train-01.bin']);

    const manifest = parseManifest(JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')), 'manifest.json');
    expect(manifest.encoding).toBe('raw');
    expect(manifest.splits.train.chunks.map((chunk) => [chunk.file, chunk.count])).toEqual([
      ['train-00.bin', 3000],
      ['train-01.bin', 500],
    ]);
    expect(manifest.splits.test).toMatchObject({ count: 5, perClass: [1, 1, 1, 1, 1, 0, 0, 0, 0, 0] });
    expect(manifest.splits.train.chunks[0]?.bytes).toBe(16 + 3000 * RECORD_BYTES);

    // The records keep their archive order: record 700 is the first of data_batch_2 (label 100 % 10 = 0).
    const trainRecords = Buffer.concat([
      batchFile(700, 0),
      batchFile(700, 100),
      batchFile(700, 200),
      batchFile(700, 300),
      batchFile(700, 400),
    ]).subarray(0, 3500 * RECORD_BYTES);
    const chunk = new Uint8Array(readFileSync(path.join(outDir, 'train-00.bin')));
    await verifyChunk(chunk, manifest.splits.train.chunks[0]);
    expect(Buffer.compare(chunk.subarray(16 + 700 * RECORD_BYTES, 16 + 701 * RECORD_BYTES), Buffer.from(record(0, 100)))).toBe(0);

    // Loaded back, the pixels are exactly what the official parser makes of the same records.
    const loaded = await loadCifar10FromDisk({ dir: outDir, train: 3500, test: 5 });
    const expected = parseCifarRecords(trainRecords);
    expect(loaded.train.labels).toEqual(expected.labels);
    // Compared as bytes: toEqual walks 10 million floats one by one, which takes seconds.
    expect(Buffer.compare(Buffer.from(loaded.train.images.buffer), Buffer.from(expected.images.buffer))).toBe(0);
    expect(loaded.test.count).toBe(5);
  });

  it('explains a truncated archive', async () => {
    const archive = await makeArchive('whole', 5);
    const truncated = path.join(work, 'truncated.tar.gz');
    const bytes = readFileSync(archive);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(importCifar10({ archive: truncated, train: 5, test: 5, outDir: path.join(work, 'never') })).rejects.toThrow(
      /truncated or corrupt/,
    );
  });

  it('explains an archive that is not gzip at all', async () => {
    const junk = path.join(work, 'junk.tar.gz');
    writeFileSync(junk, 'this is not an archive');
    await expect(importCifar10({ archive: junk, train: 5, test: 5, outDir: path.join(work, 'never') })).rejects.toThrow(
      /truncated or corrupt/,
    );
  });

  it('names the batch file an archive lacks', async () => {
    const archive = await makeArchive('no-test', 5, { skip: 'test_batch.bin' });
    await expect(importCifar10({ archive, train: 5, test: 5, outDir: path.join(work, 'never') })).rejects.toThrow(
      /has no cifar-10-batches-bin\/test_batch\.bin/,
    );
  });

  it('refuses sizes outside the data set', async () => {
    await expect(importCifar10({ archive: 'x', train: 0, test: 5, outDir: work })).rejects.toThrow(
      '--train must be a whole number from 1 to 50000, not 0.',
    );
  });
});

describe('syntheticCifar', () => {
  it('is CIFAR-shaped, roughly balanced, bounded and reproducible from its seed', () => {
    const a = syntheticCifar(100, 7);
    const b = syntheticCifar(100, 7);
    expect(a.images.length).toBe(100 * PIXELS_PER_IMAGE);
    // Balanced before one label in five is replaced by a random class (SYNTHETIC_LABEL_NOISE).
    for (let label = 0; label < 10; label++) expect(a.labels.filter((l) => l === label).length).toBeGreaterThanOrEqual(5);
    expect(a.images.every((value) => value >= -1 && value <= 1)).toBe(true);
    expect(a.images).toEqual(b.images);
    expect(syntheticCifar(100, 8).images).not.toEqual(a.images);
  });

  it('is learnable: class means differ far more than the noise within a class', () => {
    const set = syntheticCifar(200, 3);
    // A nearest-class-mean classifier on raw pixels, fitted on half and scored on the other half,
    // must beat chance (10 %) by a wide margin if the classes carry signal.
    const means = Array.from({ length: 10 }, () => new Float64Array(PIXELS_PER_IMAGE));
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100; i++) {
      const label = set.labels[i];
      counts[label]++;
      for (let p = 0; p < PIXELS_PER_IMAGE; p++) (means[label] as Float64Array)[p] += set.images[i * PIXELS_PER_IMAGE + p];
    }
    let correct = 0;
    for (let i = 100; i < 200; i++) {
      let best = -1;
      let bestDistance = Infinity;
      means.forEach((mean, label) => {
        let distance = 0;
        for (let p = 0; p < PIXELS_PER_IMAGE; p++)
          distance += (set.images[i * PIXELS_PER_IMAGE + p] - mean[p] / counts[label]) ** 2;
        if (distance < bestDistance) [best, bestDistance] = [label, distance];
      });
      if (best === set.labels[i]) correct++;
    }
    expect(correct).toBeGreaterThan(30);
  });
});
