import type { LoadElement, LoadNode } from './lesson-load.ts';

/**
 * A small HTML reader for the built pages, enough for src/lib/lesson-load.ts: tags, attributes (class,
 * hidden, data-*), text, comments, void elements and raw-text elements. Astro writes well-formed HTML, so
 * a closing tag without an open element is ignored and one that skips open elements closes them too.
 */

const TOKEN =
  /<!--[\s\S]*?-->|<![^>]*>|<\/([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/** An element of the parsed page, with its attributes kept for finding things (data-lab-id …). */
export interface HtmlElement extends LoadElement {
  attributes: Record<string, string>;
  children: (HtmlElement | LoadNode)[];
}

export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { type: 'element', name: '#root', classes: [], hidden: false, attributes: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const top = () => stack[stack.length - 1] ?? root;
  const addText = (text: string) => {
    if (text !== '') top().children.push({ type: 'text', value: decodeEntities(text) });
  };
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match !== null; match = TOKEN.exec(html)) {
    addText(html.slice(last, match.index));
    last = TOKEN.lastIndex;
    const [, closing, opening, attributeText = ''] = match;
    if (closing !== undefined) {
      const name = closing.toLowerCase();
      const index = stack.findLastIndex((element) => element.name === name);
      if (index > 0) stack.length = index;
      continue;
    }
    if (opening === undefined) continue; // a comment or a doctype
    const name = opening.toLowerCase();
    const attributes: Record<string, string> = {};
    for (const attribute of attributeText.matchAll(ATTRIBUTE)) {
      const key = attribute[1];
      if (key !== undefined) attributes[key.toLowerCase()] = decodeEntities(attribute[2] ?? attribute[3] ?? attribute[4] ?? '');
    }
    const element: HtmlElement = {
      type: 'element',
      name,
      classes: (attributes.class ?? '').split(/\s+/).filter(Boolean),
      hidden: 'hidden' in attributes,
      attributes,
      children: [],
    };
    top().children.push(element);
    if (RAW_TEXT.has(name)) {
      const end = new RegExp(`</${name}`, 'ig');
      end.lastIndex = last;
      const stop = end.exec(html)?.index ?? html.length;
      element.children.push({ type: 'text', value: html.slice(last, stop) });
      const close = html.indexOf('>', stop);
      last = close === -1 ? html.length : close + 1;
      TOKEN.lastIndex = last;
      continue;
    }
    if (!VOID.has(name) && !match[0].endsWith('/>')) stack.push(element);
  }
  addText(html.slice(last));
  return root;
}

/** Every element under `root` (itself included) that `test` accepts, in document order. */
export function findAll(root: HtmlElement, test: (element: HtmlElement) => boolean): HtmlElement[] {
  const found: HtmlElement[] = [];
  const visit = (element: HtmlElement) => {
    if (test(element)) found.push(element);
    for (const child of element.children) if (child.type === 'element') visit(child as HtmlElement);
  };
  visit(root);
  return found;
}

/** The text of an element, all of it. */
export function textOf(node: HtmlElement | LoadNode): string {
  return node.type === 'text' ? node.value : node.children.map(textOf).join('');
}
