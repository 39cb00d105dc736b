import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as pagefind from 'pagefind';

/**
 * Builds the Pagefind search index over the finished HTML, as the last step of `astro build`,
 * so search can never be out of date with the pages it describes.
 */
export function pagefindIndex(): AstroIntegration {
  return {
    name: 'course:pagefind-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({});
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: outDir });
        if (added.errors.length > 0) throw new Error(`Pagefind failed to index ${outDir}: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
        if (written.errors.length > 0) throw new Error(`Pagefind failed to write its index: ${written.errors.join('; ')}`);
        logger.info(`Indexed ${added.page_count} pages for search.`);
        await pagefind.close();
      },
    },
  };
}
