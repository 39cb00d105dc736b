import {
  coreBlocks,
  labMinutes,
  lessonMinutes,
  measureProse,
  type LoadElement,
  type LoadNode,
  type ProseMeasure,
} from './lesson-load.ts';
import { PRACTICE_TEXT } from './practice-text.ts';

/**
 * A lesson's MDX body as the tree src/lib/lesson-load.ts measures, for the minutes the build states
 * (scripts/lesson-load.ts checks them against the built page). It reads what lessons use: fenced code,
 * component tags on their own lines (`<Lab id="x" />`, `<GoingFurther title="…">` … `</GoingFurther>`),
 * tables, headings, list items, blockquotes and paragraphs; inline code, links and emphasis inside them.
 */

function element(name: string, children: LoadNode[] = [], attributes: Record<string, string> = {}): MdxElement {
  return { type: 'element', name, classes: [], hidden: false, children, attributes };
}

/** An element of the lesson's tree, with a component's string attributes (`id` of a lab …). */
export interface MdxElement extends LoadElement {
  attributes: Record<string, string>;
  children: LoadNode[];
}

/** Inline Markdown: `code` becomes a code element; links keep their text; emphasis marks and tags go. */
function inline(text: string): LoadNode[] {
  return text.split(/(`[^`]*`)/).flatMap((piece): LoadNode[] => {
    if (piece.startsWith('`') && piece.endsWith('`') && piece.length > 1)
      return [element('code', [{ type: 'text', value: piece }])];
    const value = piece
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<\/?[a-zA-Z][^>]*>/g, '')
      .replace(/\*\*|__|(?<![\p{L}\p{N}])[*_]|[*_](?![\p{L}\p{N}])/gu, '')
      .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1');
    return value === '' ? [] : [{ type: 'text', value }];
  });
}

function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(/([\w-]+)=(?:"([^"]*)"|'([^']*)'|\{([^}]*)\})/g)) {
    attributes[match[1] ?? ''] = match[2] ?? match[3] ?? match[4] ?? '';
  }
  return attributes;
}

export function parseMdx(body: string): MdxElement {
  const root = element('#root');
  const stack: MdxElement[] = [root];
  const top = () => stack[stack.length - 1] ?? root;
  const source = body.replace(/\{\/\*[\s\S]*?\*\/\}/g, '').replace(/<!--[\s\S]*?-->/g, '');
  const lines = source.split('\n');
  /** The block that text lines go into: a paragraph, a list item or a blockquote's paragraph. */
  let open: MdxElement | undefined;
  let fence: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const trimmed = line.trim();
    if (fence !== undefined) {
      if (trimmed.startsWith(fence)) fence = undefined;
      continue;
    }
    const fenceMatch = /^(`{3,}|~{3,})/.exec(trimmed);
    if (fenceMatch) {
      fence = fenceMatch[1];
      open = undefined;
      continue;
    }
    if (trimmed === '' || /^import\s/.test(trimmed) || /^export\s/.test(trimmed)) {
      open = undefined;
      continue;
    }
    const closing = /^<\/([A-Za-z][\w.]*)\s*>$/.exec(trimmed);
    if (closing) {
      const at = stack.findLastIndex((candidate) => candidate.name === closing[1]);
      if (at > 0) stack.length = at;
      open = undefined;
      continue;
    }
    if (/^<[A-Za-z]/.test(trimmed)) {
      let tag = trimmed;
      while (!/>\s*$/.test(tag) && index + 1 < lines.length) tag += ` ${(lines[++index] ?? '').trim()}`;
      const name = /^<([A-Za-z][\w.]*)/.exec(tag)?.[1] ?? '';
      const node = element(name, [], attributesOf(tag));
      top().children.push(node);
      const selfClosing = /\/>\s*$/.test(tag) || new RegExp(`</${name}>\\s*$`).test(tag);
      if (!selfClosing) stack.push(node);
      open = undefined;
      continue;
    }
    if (trimmed.startsWith('|')) {
      open = undefined;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(trimmed);
    if (heading) {
      top().children.push(element(`h${heading[1]?.length ?? 2}`, inline(heading[2] ?? '')));
      open = undefined;
      continue;
    }
    const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(trimmed);
    if (item) {
      open = element('li', inline(item[1] ?? ''));
      top().children.push(open);
      continue;
    }
    const text = trimmed.replace(/^>\s?/, '');
    if (open === undefined) {
      open = element('p');
      top().children.push(open);
    }
    open.children.push({ type: 'text', value: ' ' }, ...inline(text));
  }
  return root;
}

/** Every element of the tree that `test` accepts, in order. */
export function mdxElements(root: MdxElement, test: (node: MdxElement) => boolean): MdxElement[] {
  const found: MdxElement[] = [];
  const visit = (node: MdxElement) => {
    if (test(node)) found.push(node);
    for (const child of node.children) if (child.type === 'element') visit(child as MdxElement);
  };
  visit(root);
  return found;
}

/** A lesson's core prose and stated minutes, from its MDX body; `codeLines` counts a lab's main.ts lines. */
export function measureMdxLesson(body: string, codeLines: (labId: string) => number): { measure: ProseMeasure; minutes: number } {
  const root = parseMdx(body);
  const measure = measureProse(coreBlocks(root.children, { Practice: PRACTICE_TEXT }));
  const ids = (name: string) => mdxElements(root, (node) => node.name === name).map((node) => node.attributes.id ?? '');
  const minutes = lessonMinutes({
    coreWords: measure.words,
    labs: ids('Lab').map((id) => labMinutes(id, codeLines(id))),
    exercises: ids('Exercise').map((id) => labMinutes(id, codeLines(id))),
    quizzes: ids('Quiz').length,
  });
  return { measure, minutes };
}
