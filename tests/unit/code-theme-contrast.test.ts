import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { codeToTokensBase, type BundledLanguage } from 'shiki';
import { describe, expect, it } from 'vitest';
import { codeThemes } from '../../src/lib/code-themes.ts';

/**
 * Every colour the site's highlighted code really uses meets WCAG AA (4.5:1) on the code background, in
 * both themes. The code is what the build highlights: the lessons' fenced blocks and the labs' TypeScript
 * files, through Shiki with the site's themes. The e2e accessibility test leaves the thousands of code
 * tokens to this test on all pages but one (tests/e2e/accessibility.spec.ts), where axe checks them as rendered.
 */

const root = path.resolve(import.meta.dirname, '../..');

/** A CSS custom property of the light (`:root`) or dark (`:root[data-theme='dark']`) block of global.css. */
function cssToken(name: string, theme: 'light' | 'dark'): string {
  const css = readFileSync(path.join(root, 'src/styles/global.css'), 'utf8');
  const blocks = [...css.matchAll(/:root(\[data-theme='dark'\])?\s*\{([^}]*)\}/g)];
  const block = blocks.find((match) => (theme === 'dark') === Boolean(match[1]) && match[2].includes(`${name}:`));
  const value = block && new RegExp(`${name}:\\s*(#[0-9a-fA-F]{6})`).exec(block[2])?.[1];
  if (!value) throw new Error(`global.css has no ${theme} ${name}`);
  return value;
}

function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((start) => {
    const channel = parseInt(hex.slice(start, start + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrastRatio(foreground: string, background: string): number {
  const [lighter, darker] = [relativeLuminance(foreground), relativeLuminance(background)].sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}

function filesUnder(directory: string, extension: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(extension) && !name.endsWith(`.test${extension}`))
    .map((name) => path.join(directory, name));
}

/** The code the build highlights, by language. */
function highlightedCode(): { lang: BundledLanguage; code: string }[] {
  const blocks: { lang: BundledLanguage; code: string }[] = [];
  for (const file of filesUnder(path.join(root, 'content/lessons'), '.mdx')) {
    for (const [, lang, code] of readFileSync(file, 'utf8').matchAll(/^```(\w+)[^\n]*\n([\s\S]*?)^```/gm))
      blocks.push({ lang: lang as BundledLanguage, code });
  }
  for (const file of filesUnder(path.join(root, 'labs'), '.ts')) blocks.push({ lang: 'ts', code: readFileSync(file, 'utf8') });
  return blocks;
}

describe('highlighted code colours', () => {
  const blocks = highlightedCode();

  it('finds the code the site highlights', () => {
    expect(blocks.length).toBeGreaterThan(50);
    expect(new Set(blocks.map((block) => block.lang))).toEqual(new Set(['bash', 'python', 'text', 'ts']));
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`reach 4.5:1 on the code background in the ${theme} theme`, async () => {
      const background = cssToken('--color-code-bg', theme);
      const colours = new Set<string>();
      for (const { lang, code } of blocks) {
        const lines = await codeToTokensBase(code, { lang, theme: codeThemes[theme] });
        for (const token of lines.flat()) if (token.color && token.content.trim()) colours.add(token.color.toLowerCase());
      }
      expect(colours.size).toBeGreaterThan(3);
      const failing = [...colours]
        .map((colour) => ({ colour, ratio: Math.round(contrastRatio(colour.slice(0, 7), background) * 100) / 100 }))
        .filter(({ colour, ratio }) => ratio < 4.5 || colour.length !== 7);
      expect(failing, `token colours under 4.5:1 (or translucent) on ${background}`).toEqual([]);
    });
  }
});
