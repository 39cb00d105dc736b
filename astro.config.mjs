// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { pagefindIndex } from './src/integrations/pagefind-index.ts';
import { siteHeaders } from './src/integrations/headers.ts';
import { serviceWorker } from './src/integrations/service-worker.ts';
import { codeThemes } from './src/lib/code-themes.ts';
import { tfjsDeclarations } from './src/lab/build/tfjs-declarations-plugin.ts';
import { wasmThreadsMinificationFix } from './src/lab/build/wasm-threads-plugin.ts';
import { monacoStylesOnDemand } from './src/lab/build/monaco-styles-plugin.ts';
import { glossaryTerms, loadGlossary } from './src/integrations/glossary-terms.ts';

/**
 * Where the site will live. Both default to a local preview so `npm start` needs no setup;
 * an instructor deploying to a project site sets them, e.g.
 * COURSE_SITE=https://example.github.io COURSE_BASE=/gpu-course npm run build
 */
const site = process.env.COURSE_SITE ?? 'http://localhost:4321';
const base = process.env.COURSE_BASE ?? '/';

export default defineConfig({
  site,
  base,
  trailingSlash: 'ignore',
  // The service worker comes last: it lists every file of the build, the search index included.
  // glossaryTerms links the first use of each glossary term in a lesson to /glossary/, with its one-line
  // definition as a tooltip; the lesson files stay as written (see src/integrations/glossary-terms.ts).
  integrations: [mdx(), glossaryTerms({ entries: loadGlossary(), base }), pagefindIndex(), serviceWorker()],
  // The dev toolbar configures itself with an inline script, which the Content-Security-Policy refuses.
  devToolbar: { enabled: false },
  // Inline the (small) stylesheet: one render-blocking request fewer on a slow mobile connection.
  build: { inlineStylesheets: 'always' },
  markdown: {
    shikiConfig: {
      themes: codeThemes,
      defaultColor: false,
    },
  },
  // Cross-origin isolation (the labs' WASM backend needs SharedArrayBuffer for threads) and the
  // Content-Security-Policy that keeps every request on this site: see src/integrations/headers.ts.
  server: { headers: siteHeaders },
  vite: {
    preview: { headers: siteHeaders },
    build: {
      // Never inline a bundled script into the page: the Content-Security-Policy allows scripts from the
      // site's own files, and inline ones only by hash. Other assets keep Vite's default (under 4 KB inline).
      assetsInlineLimit: (file) => (file.endsWith('.js') ? false : undefined),
    },
    // The lab worker loads the WASM and WebGPU backends with import(), which needs ES module workers;
    // its bundle gets its own plugins (see src/lab/build/wasm-threads-plugin.ts).
    worker: { format: 'es', plugins: () => [wasmThreadsMinificationFix()] },
    // The lab editor's TensorFlow.js types, and its styles kept out of pages until it loads (see each plugin).
    plugins: [tfjsDeclarations(), monacoStylesOnDemand()],
  },
});
