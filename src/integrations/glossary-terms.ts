import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AstroIntegration } from 'astro';
import type { GlossaryEntry } from '../schemas/glossary.ts';
import { aliasIndex, readGlossary } from '../lib/glossary.ts';
import { inlineRuns } from '../quiz/quiz-text.ts';

/**
 * Build time: a Markdown (mdast) plugin that links the first use of each glossary term in a lesson to its entry on
 * /glossary/, with the one-line definition as a tooltip, without touching the lesson files:
 *
 *   <span class="term-wrap"><a class="term" href="<base>glossary/#warp" aria-describedby="term-tip-warp">warps</a>
 *   <span role="tooltip" id="term-tip-warp" class="term-tip" data-pagefind-ignore>A group of 32 …</span></span>
 *
 * The rules:
 * - Only the first occurrence of each entry per lesson, in document order, whichever alias it uses.
 * - Prose only: text under headings, links, link references, code, inline code, raw HTML, MDX expressions
 *   and MDX JSX elements (quizzes, labs, exercises, tabs) is left alone, except inside the components named
 *   in `proseComponents` (callouts such as <Note>, whose children are prose).
 * - Whole words only, in any letter case: an alias must not touch a letter, digit or underscore on either
 *   side, so "SM" never matches in "SMILE" or "sm_80". Where aliases overlap the longest wins ("CUDA core"
 *   before "CUDA"). The link keeps the text exactly as written.
 * - The tooltip is ignored by search (its words belong to the glossary page) and shown by CSS on hover and
 *   keyboard focus (src/styles/glossary-terms.css); screen readers get it through aria-describedby.
 */

/** A node of the Markdown tree as this plugin sees it: every mdast and MDX node fits. */
export interface TreeNode {
  type: string;
  value?: string;
  name?: string | null;
  children?: TreeNode[];
  data?: Record<string, unknown>;
  url?: string;
  title?: string | null;
}

export interface GlossaryTermsOptions {
  /** The glossary's entries (checked: unique ids and aliases). */
  entries: readonly GlossaryEntry[];
  /** The site's base path, e.g. "/" or "/gpu-course/", so links work under a sub-path too. */
  base: string;
  /** Which files to link terms in; by default the lessons (content/lessons/). */
  include?: (path: string) => boolean;
  /** MDX components whose children are prose and get terms linked too. */
  proseComponents?: readonly string[];
}

/** Node types whose text is never prose to link. */
const SKIPPED = new Set([
  'heading',
  'link',
  'linkReference',
  'definition',
  'footnoteDefinition',
  'code',
  'inlineCode',
  'html',
  'image',
  'imageReference',
  'yaml',
  'toml',
  'mdxjsEsm',
  'mdxFlowExpression',
  'mdxTextExpression',
]);

const JSX = new Set(['mdxJsxFlowElement', 'mdxJsxTextElement']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One regular expression for every alias: longest first, so the longest overlapping form wins. */
function aliasPattern(entries: readonly GlossaryEntry[]): RegExp {
  const aliases = entries.flatMap((entry) => entry.aliases).sort((a, b) => b.length - a.length);
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${aliases.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
}

export function glossaryHref(base: string, id: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}glossary/#${id}`;
}

function termNode(entry: GlossaryEntry, text: string, base: string): TreeNode {
  const tipId = `term-tip-${entry.id}`;
  return {
    type: 'glossaryTerm',
    data: { hName: 'span', hProperties: { className: ['term-wrap'] }, glossaryId: entry.id },
    children: [
      {
        type: 'link',
        url: glossaryHref(base, entry.id),
        title: null,
        data: { hProperties: { className: ['term'], ariaDescribedBy: tipId } },
        children: [{ type: 'text', value: text }],
      },
      {
        type: 'glossaryTip',
        data: { hName: 'span', hProperties: { role: 'tooltip', id: tipId, className: ['term-tip'], dataPagefindIgnore: '' } },
        // The summary's `code` spans (the glossary's one bit of Markdown) become inline code, as on the glossary page.
        children: inlineRuns(entry.summary).map((run) => ({ type: run.code ? 'inlineCode' : 'text', value: run.text })),
      },
    ],
  };
}

/** Where one text node gets its first uses linked: the node, its parent and the nodes that replace it. */
export interface TermReplacement {
  parent: TreeNode;
  node: TreeNode;
  pieces: TreeNode[];
}

/**
 * Finds the first prose use of each entry in `tree` and what to replace its text node with, without
 * changing the tree: the Markdown processor applies the plan through its own API. Pure, for the tests.
 */
export function planFirstUses(
  tree: TreeNode,
  entries: readonly GlossaryEntry[],
  base: string,
  proseComponents: readonly string[] = ['Note'],
): TermReplacement[] {
  const byAlias = aliasIndex(entries);
  const pattern = aliasPattern(entries);
  const used = new Set<string>();
  const plan: TermReplacement[] = [];

  const split = (value: string): TreeNode[] | null => {
    const pieces: TreeNode[] = [];
    let last = 0;
    for (const match of value.matchAll(pattern)) {
      const entry = byAlias.get(match[0].toLowerCase());
      if (!entry || used.has(entry.id)) continue;
      used.add(entry.id);
      if (match.index > last) pieces.push({ type: 'text', value: value.slice(last, match.index) });
      pieces.push(termNode(entry, match[0], base));
      last = match.index + match[0].length;
    }
    if (pieces.length === 0) return null;
    if (last < value.length) pieces.push({ type: 'text', value: value.slice(last) });
    return pieces;
  };

  const walk = (parent: TreeNode): void => {
    for (const node of parent.children ?? []) {
      if (SKIPPED.has(node.type)) continue;
      if (JSX.has(node.type) && !proseComponents.includes(node.name ?? '')) continue;
      if (node.type === 'text' && typeof node.value === 'string') {
        const pieces = split(node.value);
        if (pieces) plan.push({ parent, node, pieces });
      } else walk(node);
    }
  };

  walk(tree);
  return plan;
}

/** Applies `planFirstUses` to a plain mdast tree in place (the unit tests' trees). Returns the ids linked, in order. */
export function linkFirstUses(
  tree: TreeNode,
  entries: readonly GlossaryEntry[],
  base: string,
  proseComponents?: readonly string[],
): string[] {
  const plan = planFirstUses(tree, entries, base, proseComponents);
  for (const { parent, node, pieces } of plan) {
    const children = parent.children ?? [];
    children.splice(children.indexOf(node), 1, ...pieces);
  }
  return plan.flatMap(({ pieces }) =>
    pieces.flatMap((piece) => (piece.type === 'glossaryTerm' ? [String(piece.data?.glossaryId)] : [])),
  );
}

const inLessons = (path: string) => /[/\\]content[/\\]lessons[/\\]/.test(path);

/** What the Sätteri processor hands a plugin's `before` hook, as far as this plugin uses it. */
interface ProcessorContext {
  readonly fileURL: URL | undefined;
  replaceNode(node: TreeNode, newNodes: TreeNode[]): void;
}

/** The plugin as Sätteri (Astro's Markdown and MDX processor) runs it: an mdast plugin with a `before` hook. */
export function glossaryTermsPlugin(options: GlossaryTermsOptions) {
  const include = options.include ?? inLessons;
  return {
    name: 'course-glossary-terms',
    before(root: TreeNode, context: ProcessorContext) {
      if (!context.fileURL || !include(context.fileURL.pathname)) return;
      for (const { node, pieces } of planFirstUses(root, options.entries, options.base, options.proseComponents)) {
        context.replaceNode(node, pieces);
      }
    },
  };
}

/** A processor's options, as far as adding an mdast plugin needs them. */
interface ProcessorOptions {
  mdastPlugins?: unknown[];
}

/**
 * The integration: adds the plugin to Astro's Markdown processor (Sätteri, which MDX uses too). It adds
 * to the processor Astro already configured instead of replacing it, so the course keeps Astro's defaults.
 */
export function glossaryTerms(options: GlossaryTermsOptions): AstroIntegration {
  return {
    name: 'course:glossary-terms',
    hooks: {
      'astro:config:setup': ({ config }) => {
        const processor = config.markdown.processor as { name: string; options: ProcessorOptions };
        if (processor.name !== 'satteri')
          throw new Error(
            `The glossary links (src/integrations/glossary-terms.ts) are a Sätteri mdast plugin, but markdown.processor is "${processor.name}". Use Astro's default processor, or port the plugin to it.`,
          );
        processor.options.mdastPlugins = [...(processor.options.mdastPlugins ?? []), glossaryTermsPlugin(options)];
      },
    },
  };
}

// js-yaml is what Astro parses content YAML with; it ships no types, so it is typed here.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

/** Reads and checks content/glossary.yaml (or `file`); the build fails with the file, entry and field on a mistake. */
export function loadGlossary(file = 'content/glossary.yaml'): GlossaryEntry[] {
  return readGlossary(yaml.load(readFileSync(file, 'utf8')), file);
}
