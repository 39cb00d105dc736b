import { describe, expect, it } from 'vitest';
import { downloadTypes, safeDownloadType } from '../../src/lab/shared/download-types.ts';

describe('safeDownloadType', () => {
  it.each(downloadTypes)('keeps %s, which a browser never runs', (type) => {
    expect(safeDownloadType(type)).toEqual({ mimeType: type, reason: null });
  });

  it('reads a type the way browsers do: case, spaces and parameters do not matter', () => {
    expect(safeDownloadType(' Text/CSV ; charset=utf-8')).toEqual({ mimeType: 'text/csv', reason: null });
    expect(safeDownloadType('')).toEqual({ mimeType: 'text/plain', reason: null });
    expect(safeDownloadType(undefined)).toEqual({ mimeType: 'text/plain', reason: null });
  });

  it.each([
    'text/html',
    'TEXT/HTML; charset=utf-8',
    'image/svg+xml',
    'application/xhtml+xml',
    'text/xml',
    'application/javascript',
    'application/octet-stream',
  ])('saves %s as plain text and says why', (type) => {
    const { mimeType, reason } = safeDownloadType(type, 'report.html');
    expect(mimeType).toBe('text/plain');
    expect(reason).toBe(
      `lab.download saves "report.html" as text/plain, not ${type}: a file of that type could run code as the course when opened. ` +
        'Labs may download text/plain, text/csv, text/tab-separated-values, text/markdown, application/json.',
    );
  });
});
