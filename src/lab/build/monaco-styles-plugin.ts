/**
 * Build-time: keeps Monaco's stylesheets (about 180 KB) out of every lesson page.
 *
 * Monaco's modules import their own CSS files. Astro gathers the CSS of everything a page's scripts
 * can import, dynamic imports included, and puts it in the page, so every lesson would carry the
 * editor's styles although the editor loads only when a lab is opened. This plugin turns each of those
 * CSS imports into a small module that adds the stylesheet to the document when the editor's code runs.
 *
 * The text is taken as it is (Vite's `?inline` CSS pipeline fails on Monaco's files when minifying);
 * the few relative `url(…)`s, the codicon font, become imports of the built assets.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

const prefix = '\0course-lab-monaco-style:';
const suffix = '.style.js';
const monacoModule = /[\\/]node_modules[\\/]monaco-editor[\\/]/;
/** url(./file), url('./file') or url("./file"); data: URLs and absolute ones stay as they are. */
const relativeUrl = /url\(\s*(['"]?)(\.{1,2}\/[^'")]+)\1\s*\)/g;

/** JavaScript that builds the stylesheet's text, with each relative URL replaced by its asset import. */
export function stylesheetModule(css: string, cssFile: string): string {
  const imports: string[] = [];
  const parts: string[] = [];
  let last = 0;
  for (const match of css.matchAll(relativeUrl)) {
    const asset = `asset${imports.length}`;
    const target = resolve(dirname(cssFile), match[2] ?? '');
    imports.push(`import ${asset} from ${JSON.stringify(`${target}?url`)};`);
    parts.push(JSON.stringify(css.slice(last, match.index)), `"url(" + ${asset} + ")"`);
    last = match.index + match[0].length;
  }
  parts.push(JSON.stringify(css.slice(last)));
  return [
    ...imports,
    `const style = document.createElement('style');`,
    `style.dataset.from = 'monaco-editor';`,
    `style.textContent = ${parts.join(' + ')};`,
    `document.head.append(style);`,
  ].join('\n');
}

export function monacoStylesOnDemand(): Plugin {
  return {
    name: 'course-lab-monaco-styles-on-demand',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !source.endsWith('.css') || !monacoModule.test(importer)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      // Ending in .js, not .css, so Vite's CSS pipeline leaves the module alone.
      return resolved ? `${prefix}${resolved.id}${suffix}` : null;
    },
    load(id) {
      if (!id.startsWith(prefix) || !id.endsWith(suffix)) return null;
      const cssFile = id.slice(prefix.length, -suffix.length);
      this.addWatchFile(cssFile);
      return stylesheetModule(readFileSync(cssFile, 'utf8'), cssFile);
    },
  };
}
