import { expect, test } from 'vitest';
import { readWorkerMessage } from '../../src/lab/protocol.ts';

test('accepts well-formed messages for the current run', () => {
  const message = { type: 'output', requestId: 7, output: { kind: 'log', level: 'info', text: 'hi' } };
  expect(readWorkerMessage(message, 7)).toBe(message);
});

test.each([
  ['another run', { type: 'output', requestId: 6, output: { kind: 'log', level: 'info', text: 'hi' } }],
  ['an unknown type', { type: 'take-over', requestId: 7 }],
  ['an unknown output kind', { type: 'output', requestId: 7, output: { kind: 'html', html: '<b>' } }],
  ['a failure without an error', { type: 'failed', requestId: 7 }],
  ['no object at all', 'finished'],
  ['null', null],
])('ignores %s', (_name, data) => {
  expect(readWorkerMessage(data, 7)).toBeNull();
});
