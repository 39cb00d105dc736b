import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, headersFile, metaContentSecurityPolicy } from '../../src/integrations/headers.ts';

/** The headers live in src/integrations/headers.ts; the files a host or a reader sees must say the same. */
describe('site headers', () => {
  it('public/_headers equals headersFile() (copy the expected text into the file after changing headers.ts)', () => {
    expect(readFileSync('public/_headers', 'utf8')).toBe(headersFile());
  });

  it('README.md lists the policy a host must send', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(`Content-Security-Policy: ${contentSecurityPolicy}`);
  });

  it('keeps every connection, script and image on the site, and states no directive a <meta> policy ignores', () => {
    expect(contentSecurityPolicy).toContain("connect-src 'self';");
    expect(contentSecurityPolicy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+' blob: 'wasm-unsafe-eval';/);
    expect(contentSecurityPolicy).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'|\*/);
    expect(metaContentSecurityPolicy).not.toMatch(/frame-ancestors|report-uri|sandbox/);
  });
});
