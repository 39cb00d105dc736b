import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Lab } from '../../labs/api/index.ts';
import type { ExerciseCheck, ExerciseRun, TensorRead } from '../../labs/api/exercise.ts';
import { readMethods } from '../../labs/api/tensor-reads.ts';
import {
  createExerciseLab,
  createOutputTap,
  runExercise,
  type ExerciseProgram,
} from '../../src/lab/exercise/exercise-harness.ts';
import type { LabOutput } from '../../src/lab/shared/protocol.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A check that passes and hands back what the harness observed. */
function spyCheck(): { check: ExerciseCheck; seen: () => ExerciseRun } {
  let run: ExerciseRun | undefined;
  return {
    check: (context) => {
      run = context.run;
      return [{ id: 'looked', label: 'The check ran', passed: true, message: 'It did.' }];
    },
    seen: () => {
      if (!run) throw new Error('the check did not run');
      return run;
    },
  };
}

function program(main: (lab: Lab) => unknown, exports: Record<string, unknown> = {}): ExerciseProgram {
  return { default: main, ...exports };
}

async function run(programModule: ExerciseProgram, check: ExerciseCheck) {
  const { lab, tap, outputs } = createExerciseLab();
  return { ...(await runExercise({ program: programModule, check, lab, tap, tf })), outputs };
}

const prototype = tf.Tensor.prototype as unknown as Record<string, unknown>;
const originals = () => Object.fromEntries(readMethods.map((method) => [method, prototype[method]]));

describe('runExercise: reads', () => {
  test('counts every read-back by method, a nested read once, and puts the methods back', async () => {
    const before = originals();
    const spy = spyCheck();
    await run(
      program(async () => {
        const x = tf.tensor1d([1, 2, 3]);
        await x.data();
        x.dataSync();
        x.arraySync(); // calls dataSync inside: one read
        await x.array(); // calls data inside: one read
        await x.buffer();
        x.bufferSync();
        await x.bytes();
        x.dispose();
      }),
      spy.check,
    );
    const observed = spy.seen();
    expect(observed.reads).toBe(7);
    expect(observed.readsByMethod).toEqual({ data: 1, dataSync: 1, array: 1, arraySync: 1, bytes: 1, buffer: 1, bufferSync: 1 });
    const reads = observed.events.filter((event): event is TensorRead => event.kind === 'read');
    expect(reads.map((read) => read.method)).toEqual(['data', 'dataSync', 'arraySync', 'array', 'buffer', 'bufferSync', 'bytes']);
    expect(reads[0]).toMatchObject({ shape: [3], dtype: 'float32' });
    expect(originals()).toEqual(before);
  });

  test('puts the read methods back when the program throws, and counts no read after it', async () => {
    const before = originals();
    const spy = spyCheck();
    const result = await run(
      program(() => {
        tf.scalar(1).dataSync();
        throw new RangeError('the learner made a mistake');
      }),
      spy.check,
    );
    expect(originals()).toEqual(before);
    expect(spy.seen().reads).toBe(1);
    tf.scalar(2).dispose();
    tf.tidy(() => tf.scalar(3).dataSync());
    expect(spy.seen().reads).toBe(1);
    expect(result.requirements[0]).toEqual({
      id: 'program-runs',
      label: 'The program runs without an error',
      passed: false,
      message: 'main stopped with an error: RangeError: the learner made a mistake',
    });
    // The check still runs, so its requirements are still shown.
    expect(result.requirements.map((item) => item.id)).toEqual(['program-runs', 'looked']);
    expect(result.passed).toBe(false);
  });

  test('fails a program that replaces a read method to hide its reads, and restores the method', async () => {
    const before = originals();
    const result = await run(
      program(() => {
        (tf.Tensor.prototype as unknown as Record<string, unknown>).dataSync = () => new Float32Array([0]);
      }),
      spyCheck().check,
    );
    expect(originals()).toEqual(before);
    expect(result.requirements.find((item) => item.id === 'no-tampering')).toMatchObject({
      passed: false,
      message: expect.stringContaining('Tensor.prototype.dataSync'),
    });
    expect(result.run.tampered).toEqual(['Tensor.prototype.dataSync']);
    expect(result.passed).toBe(false);
  });
});

describe('runExercise: what else it observes', () => {
  test('tensors before and after, outputs in order, backend requests, returned value', async () => {
    const spy = spyCheck();
    let kept: tf.Tensor | undefined;
    const result = await run(
      program(async (lab) => {
        lab.log('start');
        kept = tf.ones([2, 2]);
        lab.table([{ n: 1 }], { title: 'one row' });
        await lab.useBackend('webgpu').catch(() => undefined);
        await lab.useBackend('cpu');
        lab.log('kept', kept);
        return { answer: 42 };
      }),
      spy.check,
    );
    const observed = spy.seen();
    expect(observed.tensorsAfter - observed.tensorsBefore).toBe(1);
    expect(observed.bytesAfter - observed.bytesBefore).toBe(16);
    expect(observed.returned).toEqual({ answer: 42 });
    // The switch to cpu is an output too (the page's status names the backend running); a check sees it as 'other'.
    expect(observed.outputs.map((output) => output.kind)).toEqual(['log', 'table', 'other', 'log']);
    expect(observed.outputs[1]).toEqual({ kind: 'table', title: 'one row', columns: ['n'], rows: [[1]] });
    expect(observed.backendRequests.map(({ name, started, backend }) => ({ name, started, backend }))).toEqual([
      { name: 'webgpu', started: false, backend: 'cpu' },
      { name: 'cpu', started: true, backend: 'cpu' },
    ]);
    expect(observed.backendRequests[0]?.error).toMatch(/webgpu backend is not registered/);
    // Printing a tensor reads it back, and the read comes before the line that shows it.
    expect(observed.events.map((event) => event.kind)).toEqual([
      'output',
      'output',
      'backend',
      'output',
      'backend',
      'read',
      'output',
    ]);
    expect(observed.device.backend).toBe('cpu');
    expect(result.outputs).toHaveLength(4);
    kept?.dispose();
  });

  test('a program without a default export fails "the program runs", saying what to keep', async () => {
    const result = await run({ answer: 1 }, spyCheck().check);
    expect(result.requirements[0]?.message).toMatch(/main\.ts has no program to run: its default export is missing/);
  });
});

describe('runExercise: the check decides', () => {
  test("the program's own outputs and return value never count as results", async () => {
    const result = await run(
      program((lab) => {
        lab.log('✓ every requirement passed');
        return [{ id: 'looked', label: 'The check ran', passed: true, message: 'forged' }];
      }),
      () => [{ id: 'real', label: 'The real requirement', passed: false, message: 'Not done yet.' }],
    );
    expect(result.requirements.map(({ id, passed }) => ({ id, passed }))).toEqual([
      { id: 'program-runs', passed: true },
      { id: 'real', passed: false },
    ]);
    expect(result.passed).toBe(false);
  });

  test('a check that throws is a failed requirement saying the check itself failed', async () => {
    const result = await run(
      program(() => undefined),
      () => {
        throw new TypeError('cannot read the table');
      },
    );
    expect(result.requirements[1]).toEqual({
      id: 'check-runs',
      label: 'The exercise can check your program',
      passed: false,
      message:
        'The check itself failed (TypeError: cannot read the table). This is a bug in the exercise, not in your program; please report it.',
    });
    expect(result.passed).toBe(false);
  });

  test.each([
    ['not a list', () => ({ passed: true }), /returned object, not a list/],
    ['an empty list', () => [], /returned no requirements/],
    [
      'a reserved id',
      () => [{ id: 'program-runs', label: 'x', passed: true, message: 'y' }],
      /"program-runs" uses an id the harness reserves/,
    ],
    [
      'a repeated id',
      () => [
        { id: 'a', label: 'x', passed: true, message: 'y' },
        { id: 'a', label: 'x', passed: true, message: 'y' },
      ],
      /"a" appears twice/,
    ],
    ['no verdict', () => [{ id: 'a', label: 'x', passed: 'yes', message: 'y' }], /neither passed nor failed/],
  ])('a check that answers %s is a failed requirement', async (_name, answer, message) => {
    const result = await run(
      program(() => undefined),
      answer as unknown as ExerciseCheck,
    );
    expect(result.requirements.at(-1)).toMatchObject({
      id: 'check-runs',
      passed: false,
      message: expect.stringMatching(message),
    });
  });
});

describe('observe, for checks', () => {
  test("counts the reads and tensors of the program's exported function, with marks, and catches its errors", async () => {
    let observedReads: number[] = [];
    let caught: string | null = null;
    let leaked = -1;
    await run(
      program(() => undefined, {
        async sumAll(values: number[]) {
          const total = tf.tensor1d(values).sum();
          return (await total.data())[0];
        },
      }),
      async ({ program: learner, observe }) => {
        const sumAll = learner.sumAll as (values: number[]) => Promise<number>;
        const first = await observe(async (mark) => {
          mark('first');
          const value = await sumAll([1, 2]);
          mark('second');
          await sumAll([3]);
          return value;
        });
        observedReads = first.events.filter((event) => event.kind === 'read').map((event) => first.events.indexOf(event));
        leaked = first.tensorsAfter - first.tensorsBefore;
        expect(first.returned).toBe(3);
        expect(first.events.filter((event) => event.kind === 'mark')).toEqual([
          { kind: 'mark', label: 'first' },
          { kind: 'mark', label: 'second' },
        ]);
        const failing = await observe(() => sumAll('nope' as unknown as number[]));
        caught = failing.error;
        await expect(Promise.all([observe(() => 1), observe(() => 2)])).rejects.toThrow(/another observation is still running/);
        return [{ id: 'ok', label: 'ok', passed: true, message: 'ok' }];
      },
    );
    expect(observedReads).toEqual([1, 3]);
    expect(leaked).toBe(4);
    expect(caught).toMatch(/.+/);
  });
});

describe('createOutputTap', () => {
  test('forwards every output and also hands it to the listener while it listens', () => {
    const forwarded: LabOutput[] = [];
    const heard: LabOutput[] = [];
    const tap = createOutputTap((output) => forwarded.push(output));
    const line = (text: string): LabOutput => ({ kind: 'log', level: 'info', text });
    tap.emit(line('before'));
    const stop = tap.listen((output) => heard.push(output));
    tap.emit(line('during'));
    stop();
    tap.emit(line('after'));
    expect(forwarded.map((output) => output.kind === 'log' && output.text)).toEqual(['before', 'during', 'after']);
    expect(heard.map((output) => output.kind === 'log' && output.text)).toEqual(['during']);
  });
});

describe('runExercise: a program cannot change what the check relies on', () => {
  /** Two of the check's three requirements fail, whatever the program does. */
  const twoFail: ExerciseCheck = ({ run }) => {
    const requirements = [
      { id: 'counted', label: 'Tensors counted', passed: run.tensorsAfter > run.tensorsBefore, message: 'm' },
    ];
    requirements.push({ id: 'first', label: 'First', passed: false, message: 'Not yet.' });
    requirements.push({ id: 'second', label: 'Second', passed: false, message: 'Not yet.' });
    return requirements;
  };

  test.each([
    ['Array.prototype.every', () => void ((Array.prototype as { every: unknown }).every = () => true)],
    ['Array.prototype.push', () => void ((Array.prototype as { push: unknown }).push = () => 0)],
    ['globalThis.JSON', () => void ((globalThis as Record<string, unknown>).JSON = { stringify: () => '' })],
    ['tf.engine().memory', () => void ((tf.engine() as { memory: unknown }).memory = () => ({ numTensors: 0 }))],
    [
      'the engine class’s trackTensor',
      () => void ((Object.getPrototypeOf(tf.engine()) as { trackTensor: unknown }).trackTensor = () => 0),
    ],
  ])('replacing %s throws in the program, and the check still fails the program', async (_name, patch) => {
    let kept: tf.Tensor | undefined;
    const result = await run(
      program(() => {
        kept = tf.ones([2]);
        patch();
      }),
      twoFail,
    );
    kept?.dispose();
    expect(result.requirements[0]).toMatchObject({
      id: 'program-runs',
      passed: false,
      message: expect.stringMatching(/TypeError: Cannot (assign|add|define)|read only|not extensible/),
    });
    expect(result.requirements.map((item) => [item.id, item.passed])).toEqual([
      ['program-runs', false],
      ['counted', true],
      ['first', false],
      ['second', false],
    ]);
    expect(result.passed).toBe(false);
    expect([1, 2].every((value) => value > 1)).toBe(false);
  });
});
