import type { Page } from '@playwright/test';
import type { TableRow } from '../../labs/api/index.ts';

/**
 * Saves rows as the CNN lab does after a run: `lab.results('cnn-benchmark')`, one IndexedDB record
 * (src/lab/shared/results-store.ts), replacing what was saved. The page must be open on the site's origin.
 */
export async function saveBrowserRows(page: Page, rows: readonly TableRow[]): Promise<void> {
  await page.evaluate(
    (rows) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('course-lab-results', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('results');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB'));
        open.onsuccess = () => {
          const transaction = open.result.transaction('results', 'readwrite');
          transaction.objectStore('results').put({ format: 1, rows }, 'v1:cnn-benchmark');
          transaction.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      }),
    rows,
  );
}
