/**
 * npm run data:tiny-shakespeare -- --source PATH
 *
 * For maintainers: copies Tiny Shakespeare (karpathy/char-rnn, data/tinyshakespeare/input.txt, from a clone
 * or a download you already have) into public/data/tiny-shakespeare/ and rewrites manifest.json's length and
 * SHA-256 from the file, so the lab's checked download (labs/transformer/corpus.ts) and the offline copy
 * accept it. The site ships the file, so a learner or an instructor never needs this.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { sha256Hex } from '../labs/api/sha256.ts';
import { characterVocabulary, parseTextManifest, TEXT_MANIFEST_PATH, textFilePath } from '../labs/api/text-corpus.ts';

const { values } = parseArgs({ options: { source: { type: 'string' } } });
if (!values.source) {
  process.stderr.write('Pass --source PATH: the input.txt of karpathy/char-rnn (data/tinyshakespeare/input.txt).\n');
  process.exit(2);
}
const manifestPath = `public/data/${TEXT_MANIFEST_PATH}`;
const manifest = parseTextManifest(JSON.parse(await readFile(manifestPath, 'utf8')));
const source = values.source;
const bytes = new Uint8Array(
  await readFile(source).catch((error: Error) => {
    process.stderr.write(`Cannot read ${source}: ${error.message}\n`);
    process.exit(2);
  }),
);
const characters = characterVocabulary(new TextDecoder().decode(bytes)).characters.length;
await writeFile(`public/data/${textFilePath(manifest)}`, bytes);
const updated = { ...manifest, bytes: bytes.length, sha256: await sha256Hex(bytes) };
await writeFile(manifestPath, `${JSON.stringify(updated, null, 2)}\n`);
process.stdout.write(
  `Wrote ${textFilePath(manifest)}: ${bytes.length.toLocaleString('en')} bytes, ${characters} distinct characters, SHA-256 ${updated.sha256}.\n`,
);
