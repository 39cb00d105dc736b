/**
 * Writes tests/fixtures/seed-8gram-hashes.json: the fingerprints of every 8-word run in the prose of the
 * user's source notes (../shared/seeds/*.txt), which the own-words tests check course text against. The
 * notes themselves stay outside the repository; only their hashes are stored.
 *
 * Run from the repository root after the notes change: node scripts/seed-fingerprints.ts
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fingerprintFileOf } from '../tests/unit/own-words.ts';

const seedsDir = path.resolve('..', 'shared', 'seeds');
const output = path.join('tests', 'fixtures', 'seed-8gram-hashes.json');

if (!existsSync(seedsDir)) {
  console.error(`No source notes at ${seedsDir}: nothing to fingerprint, so ${output} is left as it is.`);
  process.exit(1);
}

const files = readdirSync(seedsDir)
  .filter((file) => file.endsWith('.txt'))
  .sort();
const file = fingerprintFileOf(files.map((name) => readFileSync(path.join(seedsDir, name), 'utf8')));
writeFileSync(output, `${JSON.stringify(file, null, 1)}\n`);
console.log(
  `Wrote ${file.fingerprints.length} fingerprints of ${file.runLength}-word runs from ${files.length} notes (${files.join(', ')}) to ${output}.`,
);
