import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One way to say where float16 loses small numbers, everywhere in the course: values below 2⁻²⁵ (about
 * 3e-8) round to 0, and values below 2⁻¹⁴ (about 6.1e-5) are subnormals that keep fewer significant bits.
 * "Flush to zero" is a different thing (a hardware mode that zeroes subnormals), and 6e-8 (2⁻²⁴) is the
 * smallest float16 above 0, not the point below which values become 0.
 */

const roots = ['content', 'labs', 'docs'];
const extensions = new Set(['.md', '.mdx', '.yaml', '.ts', '.astro']);
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return filesUnder(file);
    return extensions.has(path.extname(name)) ? [file] : [];
  });
}

/** Sentences of a file, with line breaks and YAML indentation folded into single spaces. */
function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?:;])\s+/)
    .filter((sentence) => sentence.length > 0);
}

const float16 = /float16|half precision|fp16|\bf16\b/i;
const flushToZero = /flush(es|ed|ing)? (values |it |them )?(\w+ )?to (zero|0)\b/i;
/** "below 2⁻²⁴", "under about 6e-8", "smaller than ≈ 5.96 × 10⁻⁸": a threshold at the smallest subnormal. */
const belowSmallestSubnormal =
  /\b(below|under|smaller than|less than)\s+(about\s+|roughly\s+|≈\s*)?((5\.96|6)\s*(e-0?8|× 10⁻⁸|x 10\^-8)|2⁻²⁴)/i;
const becomesZero = /\b(zero|to 0|become 0|becomes 0|round(s)? to 0|vanish)/i;

interface Finding {
  file: string;
  sentence: string;
  why: string;
}

function findings(): Finding[] {
  const files = roots.flatMap(filesUnder);
  return files.flatMap((file) => {
    const found: Finding[] = [];
    const all = sentences(readFileSync(file, 'utf8'));
    all.forEach((sentence, index) => {
      const nearby = [all[index - 1] ?? '', sentence, all[index + 1] ?? ''].join(' ');
      if (flushToZero.test(sentence) && float16.test(nearby))
        found.push({ file, sentence, why: 'says float16 flushes to zero; say "rounds to 0" (flush-to-zero is a hardware mode)' });
      if (belowSmallestSubnormal.test(sentence) && becomesZero.test(sentence))
        found.push({ file, sentence, why: 'puts the zero threshold at 2⁻²⁴ ≈ 6e-8; values below 2⁻²⁵ ≈ 3e-8 round to 0' });
    });
    return found;
  });
}

describe('float16 underflow wording', () => {
  it('never says float16 flushes to zero or that values below 6e-8 become zero', () => {
    expect(findings().map(({ file, sentence, why }) => `${file}: ${why}: "${sentence}"`)).toEqual([]);
  });

  it('catches the wordings it is meant to catch', () => {
    const wrong = [
      'In float16, a gradient of 1e-8 flushes to zero.',
      'float16 flushes values below about 6 × 10⁻⁸ to zero.',
      'float16 has 5 exponent bits, so gradients smaller than about 6e-8 become zero.',
    ];
    for (const sentence of wrong) {
      const flagged =
        (flushToZero.test(sentence) && float16.test(sentence)) ||
        (belowSmallestSubnormal.test(sentence) && becomesZero.test(sentence));
      expect(flagged, sentence).toBe(true);
    }
    const right = [
      'In float16, values below 2⁻²⁵ (about 3 × 10⁻⁸) round to 0.',
      'Tiny ones become subnormals spaced 2⁻²⁴ apart, and those below 2⁻²⁵ round to zero.',
    ];
    for (const sentence of right)
      expect(flushToZero.test(sentence) || belowSmallestSubnormal.test(sentence), sentence).toBe(false);
  });

  it('states the two thresholds in the lesson, the quiz and the lab that teach them', () => {
    const lesson = readFileSync('content/lessons/module-5/why-enable-the-gpu.mdx', 'utf8').replace(/\s+/g, ' ');
    expect(lesson).toContain('values below 2⁻²⁵ (about 3 × 10⁻⁸) round to 0');
    expect(lesson).toContain('below 2⁻¹⁴ (about 6.1 × 10⁻⁵) lose precision');
    const quiz = readFileSync('content/quizzes/module-5-why-enable-the-gpu-check.yaml', 'utf8').replace(/\s+/g, ' ');
    expect(quiz).toContain('values below 2⁻²⁵ (about 3 × 10⁻⁸) round to 0');
    const lab = readFileSync('labs/mixed-precision/main.ts', 'utf8');
    expect(lab).toContain('below 2⁻²⁵ (≈3e-8) float16 rounds to 0');
    expect(lab).toContain('Below 2⁻¹⁴ (≈6.1e-5) values survive as subnormals');
  });
});
