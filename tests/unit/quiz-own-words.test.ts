import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fingerprintFileOf,
  fingerprintsOf,
  findBorrowedRuns,
  parseFingerprintFile,
  proseWords,
  RUN_LENGTH,
} from './own-words.ts';
import { courseQuizzes } from './quiz-content.ts';

/**
 * "Our own words": no quiz text may share a run of 8 or more consecutive words with the user's source
 * notes. The notes stay outside the repository (CI has no ../shared), so the check reads their
 * fingerprints from tests/fixtures/seed-8gram-hashes.json, made by scripts/seed-fingerprints.ts.
 */

const fingerprintPath = 'tests/fixtures/seed-8gram-hashes.json';
const seedsDir = path.resolve('..', 'shared', 'seeds');
const seedFingerprints = () => parseFingerprintFile(JSON.parse(readFileSync(fingerprintPath, 'utf8')));

// A made-up source text, standing in for the notes in the tests of the matcher itself.
const source = 'The quick brown fox jumps over the lazy dog while the cat sleeps. Run `pip install fox` first.';
const sourcePrints = new Set(fingerprintsOf([source]));

describe('own-words matcher', () => {
  it('reads words in lowercase, keeps inner apostrophes and leaves code out', () => {
    expect(proseWords('Don’t move `x.to("cuda")` twice — GPU-Util: 100 %!')).toEqual([
      "don't",
      'move',
      'twice',
      'gpu',
      'util',
      '100',
    ]);
    expect(proseWords('Before\n```python\nimport torch\n```\nafter')).toEqual(['before', 'after']);
  });

  it('finds a borrowed run of eight words or more, merged and quoted as written', () => {
    const runs = findBorrowedRuns('As they say, THE quick brown fox jumps over the lazy dog while the cat naps.', sourcePrints);
    expect(runs).toEqual([{ text: 'THE quick brown fox jumps over the lazy dog while the cat', words: 12, start: 13, end: 70 }]);
  });

  it('ignores runs shorter than eight words, and runs that only continue through code', () => {
    expect(findBorrowedRuns('the quick brown fox jumps over a lazy dog', sourcePrints)).toEqual([]);
    expect(findBorrowedRuns('the quick brown fox `jumps` over the lazy dog while', sourcePrints)).toEqual([]);
    expect(RUN_LENGTH).toBe(8);
  });

  it('stores fingerprints, not text', () => {
    const file = fingerprintFileOf([source]);
    expect(JSON.stringify(file)).not.toContain('quick brown');
    expect(file.fingerprints).toHaveLength(new Set(file.fingerprints).size);
    expect(() => parseFingerprintFile({ runLength: 5, fingerprints: [] })).toThrow(/runs of 8 words/);
  });
});

describe('the source-note fingerprints', () => {
  it.skipIf(!existsSync(seedsDir))(
    'match the notes in ../shared/seeds (regenerate with node scripts/seed-fingerprints.ts)',
    () => {
      const notes = readdirSync(seedsDir)
        .filter((name) => name.endsWith('.txt'))
        .sort()
        .map((name) => readFileSync(path.join(seedsDir, name), 'utf8'));
      expect([...seedFingerprints()]).toEqual(fingerprintFileOf(notes).fingerprints);
      // And the matcher finds the notes in themselves: every note has borrowed runs against its own prints.
      for (const note of notes) expect(findBorrowedRuns(note, seedFingerprints()).length).toBeGreaterThan(0);
    },
  );
});

describe('quiz text is in our own words', () => {
  it('shares no run of eight words with the source notes', () => {
    const prints = seedFingerprints();
    const borrowed = courseQuizzes().flatMap(({ file, data }) => {
      const fields: [string, string | undefined][] = [
        ['title', data.title],
        ['description', data.description],
        ...data.questions.flatMap((question): [string, string | undefined][] => [
          [`${question.id}.title`, question.title],
          [`${question.id}.context`, question.context],
          [`${question.id}.stem`, question.stem],
          [`${question.id}.modelAnswer`, question.modelAnswer],
          ...question.options.flatMap((option): [string, string][] => [
            [`${question.id}.${option.id}.text`, option.text],
            [`${question.id}.${option.id}.explanation`, option.explanation],
          ]),
        ]),
      ];
      return fields.flatMap(([field, text]) =>
        findBorrowedRuns(text ?? '', prints).map((run) => `${file} ${field}: "${run.text}"`),
      );
    });
    expect(borrowed, 'rewrite these in your own words (facts, figures, code and product names may stay)').toEqual([]);
  });
});
