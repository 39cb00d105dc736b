import { describe, expect, it } from 'vitest';
import { InvalidMessageError, readWorkerMessage } from '../../src/lab/shared/protocol.ts';

/** The worker's 'exercise-result' message as the page reads it: requirements and the secret, and no verdict. */

const requirements = [
  { id: 'program-runs', label: 'The program runs without an error', passed: true, message: 'main ran to the end.' },
  { id: 'reads-per-epoch', label: 'Reads once per epoch', passed: false, message: 'Read 16 times.' },
];

describe("readWorkerMessage: 'exercise-result'", () => {
  it('reads the secret and the requirements, unchanged', () => {
    const message = { type: 'exercise-result', requestId: 4, secret: 'run-secret', requirements };
    expect(readWorkerMessage(structuredClone(message), 4)).toEqual(message);
  });

  it('drops a verdict a message carries: the page decides from the requirements alone', () => {
    const withFlag = { type: 'exercise-result', requestId: 4, secret: 'run-secret', requirements, passed: true };
    const read = readWorkerMessage(withFlag, 4);
    expect(read).toEqual({ type: 'exercise-result', requestId: 4, secret: 'run-secret', requirements });
    expect(read).not.toHaveProperty('passed');
  });

  it('refuses a requirement whose passed is not a boolean', () => {
    const truthy = [{ ...requirements[1], passed: 'yes' }];
    expect(() => readWorkerMessage({ type: 'exercise-result', requestId: 4, secret: 's', requirements: truthy }, 4)).toThrow(
      InvalidMessageError,
    );
  });
});
