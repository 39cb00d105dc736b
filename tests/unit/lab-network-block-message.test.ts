import { describe, expect, it } from 'vitest';
import { blockedRequestFrom, blockedRequestText, networkBlockMessage } from '../../src/lab/worker/network-block-message.ts';

const origin = 'http://localhost:4321';
const typeError = (message: string) => new TypeError(message);
const elsewhere = { url: 'http://127.0.0.1:5555/collect?x=1', directive: 'connect-src' };

describe('networkBlockMessage', () => {
  it('explains a fetch the policy refused, naming where it went', () => {
    const message = networkBlockMessage(typeError('Failed to fetch'), { origin, blocked: [elsewhere] });
    expect(message).toBe(blockedRequestText(elsewhere));
    expect(message).toMatch(
      /^The course blocks network access from labs: this program tried to connect to http:\/\/127\.0\.0\.1:5555\/collect\?x=1, and the browser refused\./,
    );
  });

  it('explains an import() of another origin from the URL in the message', () => {
    const error = typeError('Failed to fetch dynamically imported module: http://127.0.0.1:5555/evil.js');
    expect(networkBlockMessage(error, { origin, blocked: [] })).toContain(
      'this program tried to import code from http://127.0.0.1:5555/evil.js',
    );
    expect(
      networkBlockMessage(error, { origin, blocked: [{ url: 'http://127.0.0.1:5555/evil.js', directive: 'script-src-elem' }] }),
    ).toContain('import code from');
  });

  it('explains a refusal the browser words as a policy violation', () => {
    const error = new DOMException(
      "Failed to construct 'WebSocket': Refused to connect to 'ws://127.0.0.1:5555/' because it violates the document's Content Security Policy.",
      'SecurityError',
    );
    expect(networkBlockMessage(error, { origin, blocked: [] })).toContain('tried to connect to ws://127.0.0.1:5555/');
  });

  it('leaves other errors alone: a missing file of the site, a failure with no refusal seen, a program bug', () => {
    expect(
      networkBlockMessage(typeError('Failed to fetch dynamically imported module: http://localhost:4321/_astro/x.js'), {
        origin,
        blocked: [],
      }),
    ).toBeNull();
    expect(networkBlockMessage(typeError('Failed to fetch'), { origin, blocked: [] })).toBeNull();
    expect(
      networkBlockMessage(typeError('Failed to fetch'), {
        origin,
        blocked: [{ url: `${origin}/data/x`, directive: 'connect-src' }],
      }),
    ).toBeNull();
    expect(networkBlockMessage(typeError('x is not a function'), { origin, blocked: [elsewhere] })).toBeNull();
    expect(networkBlockMessage(new RangeError('Failed to fetch'), { origin, blocked: [elsewhere] })).toBeNull();
    expect(networkBlockMessage('Failed to fetch', { origin, blocked: [elsewhere] })).toBeNull();
  });

  it('reads the fields it needs from a violation event, and nothing from another event', () => {
    expect(blockedRequestFrom({ blockedURI: 'http://127.0.0.1:5555/', effectiveDirective: 'connect-src' })).toEqual({
      url: 'http://127.0.0.1:5555/',
      directive: 'connect-src',
    });
    expect(blockedRequestFrom(new Event('securitypolicyviolation'))).toBeNull();
  });
});
