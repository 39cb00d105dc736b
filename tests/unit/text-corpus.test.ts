import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sha256Hex } from '../../labs/api/sha256.ts';
import { seededRandom } from '../../labs/api/seeded-random.ts';
import {
  characterVocabulary,
  decodeTokens,
  encodeText,
  parseTextManifest,
  sampleBatch,
  splitTokens,
  textFilePath,
  TEXT_MANIFEST_PATH,
  TINY_SHAKESPEARE_CHARACTERS,
} from '../../labs/api/text-corpus.ts';

const manifestJson = JSON.parse(readFileSync(`public/data/${TEXT_MANIFEST_PATH}`, 'utf8'));

describe('Tiny Shakespeare as shipped', () => {
  const manifest = parseTextManifest(manifestJson);
  const bytes = readFileSync(`public/data/${textFilePath(manifest)}`);

  test('matches its manifest: length and SHA-256', async () => {
    expect(bytes.length).toBe(manifest.bytes);
    expect(await sha256Hex(new Uint8Array(bytes))).toBe(manifest.sha256);
  });

  test('has the 65 characters the sweep assumes, and encodes and decodes without loss', () => {
    const text = bytes.toString('utf8');
    const vocabulary = characterVocabulary(text);
    expect(vocabulary.characters).toHaveLength(TINY_SHAKESPEARE_CHARACTERS);
    const tokens = encodeText(text, vocabulary);
    expect(decodeTokens(tokens.subarray(0, 200), vocabulary)).toBe(text.slice(0, 200));
    const { train, validation } = splitTokens(tokens, manifest.trainFraction);
    expect(train.length + validation.length).toBe(tokens.length);
    expect(train.length).toBe(Math.floor(tokens.length * 0.9));
  });
});

describe('text corpus', () => {
  test('a wrong manifest field fails, naming the field and what it should be', () => {
    expect(() => parseTextManifest({ ...manifestJson, sha256: 'abc' })).toThrow(
      'tiny-shakespeare/manifest.json: "sha256" should be 64 lowercase hexadecimal digits, but it is "abc".',
    );
    expect(() => parseTextManifest({ ...manifestJson, file: '../secret' })).toThrow(
      '"file" should be a file name in the same folder',
    );
    expect(() => parseTextManifest({ ...manifestJson, trainFraction: 1 })).toThrow(
      '"trainFraction" should be a number from 0.5 to 0.99, but it is 1.',
    );
  });

  test('a character outside the vocabulary is named with its place', () => {
    expect(() => encodeText('abz', characterVocabulary('ab'))).toThrow('Character "z" at 2 is not in the vocabulary.');
  });

  test('a batch pairs each window with the same window shifted by one, the same for the same seed', () => {
    const tokens = Uint16Array.from({ length: 100 }, (_, index) => index);
    const batch = sampleBatch(tokens, 3, 5, seededRandom(1));
    for (let row = 0; row < 3; row++) {
      const inputs = batch.inputs.subarray(row * 5, row * 5 + 5);
      expect(Array.from(batch.targets.subarray(row * 5, row * 5 + 5))).toEqual(Array.from(inputs, (token) => token + 1));
    }
    expect(sampleBatch(tokens, 3, 5, seededRandom(1)).inputs).toEqual(batch.inputs);
    expect(() => sampleBatch(tokens.subarray(0, 6), 1, 5, seededRandom(1))).toThrow('shorter than one window of 6');
  });
});
