import { expect, test } from 'vitest';
import { serializeError } from '../../src/lab/worker/serialize-error.ts';
import { errorText } from '../../src/lab/page/run-messages.ts';

/** Whatever a program throws becomes three strings that postMessage can copy. */
function serialized(thrown: unknown) {
  const error = serializeError(thrown, new Map([['blob:http://localhost/abc', 'main.ts']]));
  expect(structuredClone(error)).toEqual(error);
  return error;
}

test('an Error keeps its name, its message and its frames, renamed to lab files', () => {
  const error = new TypeError('x is undefined');
  error.stack = 'TypeError: x is undefined\n    at main (blob:http://localhost/abc:3:7)';
  expect(serialized(error)).toEqual({ name: 'TypeError', message: 'x is undefined', stack: '    at main (lab:main.ts:3:7)' });
});

test('an Error whose message is not text is reported with what the message is', () => {
  const error = new Error('x');
  (error as unknown as { message: unknown }).message = Symbol('not text');
  expect(serialized(error)).toMatchObject({ name: 'Error', message: 'Symbol(not text)' });
  const named = new Error('y');
  (named as unknown as { name: unknown }).name = 42;
  expect(serialized(named)).toMatchObject({ name: '42', message: 'y' });
});

test('a value that throws when looked at is reported as such', () => {
  const trap = new Proxy(
    {},
    {
      getPrototypeOf() {
        throw new Error('trap');
      },
    },
  );
  expect(serialized(trap).message).toBe(
    "The program threw a value that cannot be inspected (looking at it threw Error: trap). Throw new Error('…') to get a line number.",
  );
  const error = new Error('z');
  Object.defineProperty(error, 'message', {
    get() {
      throw new RangeError('no message');
    },
  });
  expect(serialized(error).message).toBe('(unreadable: RangeError: no message)');
});

test('values that are not Errors say what they are', () => {
  expect(serialized(Symbol('s')).message).toContain('not an Error: Symbol(s)');
  expect(serialized({ a: 1 }).message).toContain('not an Error: {\n  "a": 1\n}');
  const hostile = {
    toString() {
      throw new Error('no');
    },
    toJSON() {
      throw new Error('no');
    },
  };
  expect(serialized(hostile).message).toContain('not an Error: a value of type object');
});

test('a huge message is cut, and the frames survive it', () => {
  const big = 'x'.repeat(30_000_000);
  const error = new Error(big);
  error.stack = `Error: ${big}\n    at main (blob:http://localhost/abc:8:9)`;
  const { message, stack } = serialized(error);
  expect(message).toMatch(/^x{19971}… \(29,980,029 characters cut\)$/);
  expect(stack).toBe('    at main (lab:main.ts:8:9)');
});

test('the page words each way a run can end without finishing', () => {
  const location = { file: 'main.ts', line: 3, column: 9 };
  expect(errorText.afterMain('Error', 'late', location)).toBe(
    'Error on line 3 of main.ts, after main had returned: late. Work that main started without waiting for it ' +
      '(a call without await, a timer) failed; await it, so that the run includes it.',
  );
  expect(errorText.afterMainSummary('Error', location)).toBe('Error on line 3 after main returned');
  expect(errorText.workerGone).toContain('self.close()');
  expect(errorText.flood(10_001)).toBe(
    'The program sent more than the page can show: 10,001 messages past the output limits or unreadable. ' +
      'The page ended the run to stay responsive, and dropped the output it had not shown yet.',
  );
  expect(errorText.render('table')).toBe(
    'The page could not show an output of this run (table), so it ended the run. Press Run to try again.',
  );
});
