import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { GlossaryError, readGlossary } from '../../src/lib/glossary.ts';
import { findBorrowedRuns, parseFingerprintFile } from './own-words.ts';
import { glossaryHref, linkFirstUses, loadGlossary, type TreeNode } from '../../src/integrations/glossary-terms.ts';
import type { GlossaryEntry } from '../../src/schemas/glossary.ts';

/**
 * The glossary (content/glossary.yaml) and the plugin that links the first use of each term in a lesson
 * (src/integrations/glossary-terms.ts), tested on small Markdown trees without building the site.
 */

const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

const entry = (id: string, aliases: string[]): GlossaryEntry => ({
  id,
  term: id,
  aliases,
  summary: `The one-line definition of ${id}.`,
  details: `A short paragraph about ${id}, long enough for the schema's minimum.`,
});

const entries = [
  entry('warp', ['warp', 'warps']),
  entry('sm', ['SM', 'SMs']),
  entry('cuda', ['CUDA']),
  entry('cuda-core', ['CUDA core', 'CUDA cores']),
  entry('flop', ['FLOP', 'FLOP/s']),
];

const text = (value: string): TreeNode => ({ type: 'text', value });
const paragraph = (...children: TreeNode[]): TreeNode => ({ type: 'paragraph', children });
const root = (...children: TreeNode[]): TreeNode => ({ type: 'root', children });

/** The text of each term link in the tree, in order, with its target. */
function links(tree: TreeNode): string[] {
  const found: string[] = [];
  const walk = (node: TreeNode) => {
    if (node.type === 'link' && node.url?.includes('glossary/')) found.push(`${node.children?.[0]?.value ?? ''} → ${node.url}`);
    for (const child of node.children ?? []) walk(child);
  };
  walk(tree);
  return found;
}

describe('the glossary file', () => {
  const glossary = loadGlossary();

  it('reads, with unique ids and every alias mapping to exactly one existing entry', () => {
    const ids = glossary.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    const owners = new Map<string, string>();
    for (const item of glossary)
      for (const alias of item.aliases) {
        expect(owners.get(alias.toLowerCase()), `alias "${alias}"`).toBeUndefined();
        owners.set(alias.toLowerCase(), item.id);
      }
    for (const id of owners.values()) expect(ids).toContain(id);
  });

  it('has the terms the lessons need', () => {
    const ids = glossary.map((item) => item.id);
    for (const id of [
      'sm',
      'warp',
      'kernel',
      'launch',
      'cuda-core',
      'tensor-core',
      'pinned-memory',
      'arithmetic-intensity',
      'roofline',
      'autocast',
      'loss-scaling',
      'gradscaler',
      'bfloat16',
      'float16',
      'channels-last',
      'wasm-simd',
      'wasm-threads',
      'software-renderer',
    ])
      expect(ids).toContain(id);
  });

  it('is written in the course’s own words, not the source notes’', () => {
    const prints = parseFingerprintFile(JSON.parse(readFileSync('tests/fixtures/seed-8gram-hashes.json', 'utf8')));
    const borrowed = glossary.flatMap((item) =>
      [item.summary, item.details].flatMap((part) => findBorrowedRuns(part, prints).map((run) => `${item.id}: ${run.text}`)),
    );
    expect(borrowed).toEqual([]);
  });

  it('names the file, the entry and the field of a mistake', () => {
    const file = 'content/glossary.yaml';
    const bad = yaml.load(
      `- id: warp\n  term: Warp\n  aliases: [warp]\n  summary: "two\\nlines of it"\n  details: ${'x'.repeat(40)}\n  extra: 1\n`,
    );
    expect(() => readGlossary(bad, file)).toThrow(GlossaryError);
    expect(() => readGlossary(bad, file)).toThrow(
      /content\/glossary\.yaml: entry 1 \("warp"\), field "summary": write the one-line definition on one line/,
    );
    expect(() => readGlossary(bad, file)).toThrow(/entry 1 \("warp"\): Unrecognized key/);
  });

  it('refuses a repeated id or an alias shared by two entries, saying how to fix it', () => {
    const twice = [entry('warp', ['warp']), entry('warp', ['warps'])];
    expect(() => readGlossary(twice, 'g.yaml')).toThrow(
      'g.yaml: entry 2 ("warp"), field "id": entry 1 already has this id. Ids are anchors on the glossary page: give each entry its own.',
    );
    const shared = [entry('sm', ['SM']), entry('streaming', ['sm'])];
    expect(() => readGlossary(shared, 'g.yaml')).toThrow(
      'g.yaml: entry 2 ("streaming"), field "aliases": "sm" is already an alias of "sm". A word can link to one definition only: keep it in one entry.',
    );
  });
});

describe('linking the first use of each term', () => {
  it('links only the first use of an entry, whichever alias it takes, and keeps the text as written', () => {
    const tree = root(paragraph(text('Warps are scheduled by an SM; a warp has 32 threads.')), paragraph(text('Every SM…')));
    expect(linkFirstUses(tree, entries, '/')).toEqual(['warp', 'sm']);
    expect(links(tree)).toEqual(['Warps → /glossary/#warp', 'SM → /glossary/#sm']);
    const first = tree.children?.[0]?.children ?? [];
    expect(first.map((node) => node.type)).toEqual(['glossaryTerm', 'text', 'glossaryTerm', 'text']);
    expect(first[1]?.value).toBe(' are scheduled by an ');
    expect(first[3]?.value).toBe('; a warp has 32 threads.');
  });

  it('gives the link its tooltip: role, id, aria-describedby and the one-line definition', () => {
    const tree = root(paragraph(text('One warp.')));
    linkFirstUses(tree, entries, '/gpu-course/');
    const wrap = tree.children?.[0]?.children?.[1];
    const [link, tip] = wrap?.children ?? [];
    expect(link?.url).toBe('/gpu-course/glossary/#warp');
    expect(link?.data?.hProperties).toEqual({ className: ['term'], ariaDescribedBy: 'term-tip-warp' });
    expect(tip?.data?.hProperties).toEqual({
      role: 'tooltip',
      id: 'term-tip-warp',
      className: ['term-tip'],
      dataPagefindIgnore: '',
    });
    expect(tip?.children?.[0]?.value).toBe('The one-line definition of warp.');
    expect(glossaryHref('/gpu-course', 'sm')).toBe('/gpu-course/glossary/#sm');
  });

  it('skips headings, links, code, inline code and MDX elements, and links the first use in prose after them', () => {
    const tree = root(
      { type: 'heading', children: [text('What a warp is')] },
      paragraph({ type: 'link', url: '/x/', children: [text('warp')] }, { type: 'inlineCode', value: 'warp' }),
      { type: 'code', value: 'warp = 32' },
      { type: 'mdxJsxFlowElement', name: 'Tabs', children: [paragraph(text('a warp in a tab'))] },
      { type: 'mdxJsxFlowElement', name: 'Quiz', children: [] },
      paragraph(text('Then the warp, in prose.')),
    );
    expect(linkFirstUses(tree, entries, '/')).toEqual(['warp']);
    expect(links(tree)).toEqual(['warp → /glossary/#warp']);
    expect(tree.children?.[5]?.children?.[1]?.type).toBe('glossaryTerm');
  });

  it('links inside prose components such as <Note>, and inside emphasis', () => {
    const tree = root({
      type: 'mdxJsxFlowElement',
      name: 'Note',
      children: [paragraph({ type: 'strong', children: [text('SMs')] })],
    });
    expect(linkFirstUses(tree, entries, '/')).toEqual(['sm']);
  });

  it('matches whole words only, in any letter case, and prefers the longest alias', () => {
    const tree = root(paragraph(text('SMILE, sm_80 and warped stay; cuda cores link, then CUDA itself, at 8 flop/s.')));
    expect(linkFirstUses(tree, entries, '/')).toEqual(['cuda-core', 'cuda', 'flop']);
    expect(links(tree)).toEqual(['cuda cores → /glossary/#cuda-core', 'CUDA → /glossary/#cuda', 'flop/s → /glossary/#flop']);
  });

  it('links nothing in a tree without the terms', () => {
    const tree = root(paragraph(text('Nothing to define here.')));
    expect(linkFirstUses(tree, entries, '/')).toEqual([]);
    expect(tree).toEqual(root(paragraph(text('Nothing to define here.'))));
  });
});
