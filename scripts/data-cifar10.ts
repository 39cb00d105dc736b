/**
 * npm run data:cifar10 -- [--archive PATH] [--train N] [--test M] [--out public/data/cifar10]
 *
 * For instructors who want the official CIFAR-10 pixels instead of the JPEG copy the site ships. With
 * --archive, reads a cifar-10-binary.tar.gz you already have; without it, downloads the archive from
 * its official address (needs internet). Writes the first N training and M test images as raw chunks
 * (same manifest and chunk format, see labs/api/cifar10-chunks.ts) into public/data/cifar10/,
 * REPLACING the shipped JPEG chunks there; `npm run data:cifar10:pack` or `git checkout
 * public/data/cifar10` brings those back. Rebuild or restart `npm start` to serve the new set.
 */
import { parseArgs } from 'node:util';
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { importCifar10, OFFICIAL_ARCHIVE_URL } from './cifar10-import.ts';

const { values } = parseArgs({
  options: {
    archive: { type: 'string' },
    train: { type: 'string', default: '5000' },
    test: { type: 'string', default: '1000' },
    out: { type: 'string', default: 'public/data/cifar10' },
  },
});

async function download(): Promise<string> {
  const target = path.join(await mkdtemp(path.join(tmpdir(), 'cifar10-')), 'cifar-10-binary.tar.gz');
  process.stdout.write(`Downloading ${OFFICIAL_ARCHIVE_URL} (about 162 MB)…\n`);
  let response: Response;
  try {
    response = await fetch(OFFICIAL_ARCHIVE_URL);
  } catch (error) {
    throw new Error(
      `Could not download CIFAR-10 (${error instanceof Error ? error.message : String(error)}). Offline? Download cifar-10-binary.tar.gz elsewhere and pass --archive PATH.`,
      { cause: error },
    );
  }
  if (!response.ok || !response.body)
    throw new Error(`Downloading CIFAR-10 failed with HTTP ${response.status}. Pass --archive PATH to use a local copy.`);
  await pipeline(Readable.fromWeb(response.body), createWriteStream(target));
  return target;
}

try {
  const archive = values.archive ?? (await download());
  const result = await importCifar10({
    archive,
    train: Number(values.train),
    test: Number(values.test),
    outDir: values.out,
  });
  const chunks = result.files.length - 1;
  process.stdout.write(
    `Imported ${result.train} training and ${result.test} test images as ${chunks} raw chunks (${(result.bytes / 1e6).toFixed(1)} MB) and manifest.json into ${values.out}/.\n`,
  );
  if (result.replaced.length > 0) {
    process.stdout.write(
      `Replaced the data set that was there (${result.replaced.join(', ')}). To go back to the shipped JPEG chunks: npm run data:cifar10:pack, or git checkout ${values.out}.\n`,
    );
  }
} catch (error) {
  process.stderr.write(`data:cifar10: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
