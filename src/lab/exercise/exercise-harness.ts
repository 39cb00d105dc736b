/**
 * Runs an exercise: the learner's program under observation, then the exercise's hidden check, and turns
 * both into a list of requirements, each passed or failed with a specific message.
 *
 * It knows nothing of pages, workers or Node: TensorFlow.js and the lab come in as arguments, and the
 * lab's outputs reach it through an `OutputTap` placed in front of the lab's emit. The same code runs in
 * Vitest (labs/exercise-kit/testing.ts, on the CPU backend) and in the lab worker:
 *
 * ```ts
 * const tap = createOutputTap(postOutputToPage);      // the worker's own emit, unchanged
 * const lab = createLab(tap.emit, context);
 * const { requirements } = await runExercise({ program, check, lab, tap, tf });
 * ```
 *
 * What decides the result is only what the harness observed and what the check concluded from it: the
 * program's own outputs are material for the check, never a verdict. A program runs in the same realm as
 * its check, so it could replace parts of TensorFlow.js; the harness puts back the read methods it
 * watches and fails the exercise when they were replaced, and the realm is locked before main
 * (exercise-lockdown.ts), so built-ins such as `Array.prototype.every` and the engine's `memory` stay as
 * the check expects them. Keeping the page from believing a result the
 * program posted itself is the worker's job (a per-run secret the program cannot see).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Lab } from '../../../labs/api/index.ts';
import type {
  BackendRequest,
  ExerciseCheck,
  ExerciseCheckContext,
  ExerciseEvent,
  ExerciseObservation,
  ExerciseOutput,
  ExerciseRun,
  Mark,
  Observe,
  ReadMethod,
  Requirement,
} from '../../../labs/api/exercise.ts';
import { readMethods, watchTensorReads } from '../../../labs/api/tensor-reads.ts';
import { createLab, type EmitOutput, type LabContext } from '../worker/create-lab.ts';
import { lockExerciseRealm } from './exercise-lockdown.ts';
import { cpuDescription } from '../shared/device-description.ts';
import type { LabOutput } from '../outputs/index.ts';

/** The learner's main.ts as a module: `default` is `main(lab)`, the rest are its named exports. */
export type ExerciseProgram = Readonly<Record<string, unknown>>;

/** Sits between the lab and where its outputs go, so the harness sees every output of a run. */
export interface OutputTap {
  /** Give this to `createLab`: it forwards each output where it went before, and to the current listener. */
  emit: EmitOutput;
  /** Sends every output to `listener` as well, until the returned function is called. */
  listen(listener: (output: LabOutput) => void): () => void;
}

export interface RunExerciseOptions {
  /** The learner's program: main.ts as a module namespace (`await import(…)`). */
  program: ExerciseProgram;
  /** The default export of the exercise's check.ts. */
  check: ExerciseCheck;
  /** The lab the program runs with, created with `tap.emit`. */
  lab: Lab;
  /** The tap in front of that lab's emit. */
  tap: OutputTap;
  /** The TensorFlow.js the program imports: the same engine, so reads and tensors are counted where they happen. */
  tf: typeof tfjs;
}

export interface ExerciseResult {
  /** What the harness observed while main ran. */
  run: ExerciseRun;
  /** The harness's own requirement ('program-runs', and 'no-tampering' when needed), then the check's, in order. */
  requirements: Requirement[];
  /** True when every requirement passed (for tests and logs; the page decides from the list itself). */
  passed: boolean;
}

/** Requirement ids the harness uses itself; a check may not return them. */
const harnessRequirementIds = ['program-runs', 'check-runs', 'no-tampering'] as const;

/** The longest list of events an observation keeps; the counts stay exact past it. */
const maxEvents = 10_000;

/** The real clock, taken before any program or check could replace `performance.now`. */
const realNow = performance.now.bind(performance);

export function createOutputTap(forward: EmitOutput): OutputTap {
  let listener: ((output: LabOutput) => void) | null = null;
  return {
    emit(output) {
      forward(output);
      listener?.(output);
    },
    listen(next) {
      listener = next;
      return () => {
        if (listener === next) listener = null;
      };
    },
  };
}

/**
 * A lab whose outputs land in an array, with its tap: how tests run an exercise in Node. Defaults to the
 * plain-JavaScript CPU backend, as `createRecordingLab` does.
 */
export function createExerciseLab(context: LabContext = { requested: 'cpu', description: cpuDescription }): {
  lab: Lab;
  outputs: LabOutput[];
  tap: OutputTap;
} {
  const outputs: LabOutput[] = [];
  const tap = createOutputTap((output) => outputs.push(output));
  return { lab: createLab(tap.emit, context), outputs, tap };
}

/** An output as a check sees it: the fields it needs, copied, so nothing the program keeps can change them later. */
function toExerciseOutput(output: LabOutput): ExerciseOutput {
  switch (output.kind) {
    case 'log':
      return { kind: 'log', level: output.level, text: output.text };
    case 'table':
      return { kind: 'table', title: output.title, columns: [...output.columns], rows: output.rows.map((row) => [...row]) };
    case 'timing':
      return { kind: 'timing', timing: { ...output.timing, runsMs: [...output.timing.runsMs] }, backend: output.backend };
    case 'memory':
      return { kind: 'memory', label: output.label, report: { ...output.report } };
    case 'bar-chart':
      return { kind: 'bar-chart', title: output.title, labels: [...output.labels], values: [...output.values] };
    default:
      return { kind: 'other', outputKind: output.kind };
  }
}

function errorParts(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: typeof error, message: String(error) };
}

function zeroReads(): Record<ReadMethod, number> {
  return Object.fromEntries(readMethods.map((method) => [method, 0])) as Record<ReadMethod, number>;
}

/** Thrown in place of running main when main.ts has no default export to run. */
class MissingMainError extends Error {
  constructor(found: unknown) {
    super(
      `main.ts has no program to run: its default export is ${found === undefined ? 'missing' : `a ${typeof found}`}. ` +
        'Keep `export default async function main(lab: Lab) { … }`.',
    );
    this.name = 'MissingMainError';
  }
}

/** Observations of one exercise run: main's, then the check's, one at a time. */
function createObserver(tf: typeof tfjs, tap: OutputTap) {
  let recordBackend: ((request: BackendRequest) => void) | null = null;
  const tampered = new Set<string>();

  /** The lab the program and the check get: the same calls, with `useBackend` recorded. */
  function observedLab(lab: Lab): Lab {
    return {
      ...lab,
      async useBackend(name) {
        try {
          const device = await lab.useBackend(name);
          recordBackend?.({ kind: 'backend', name, started: true, backend: tf.getBackend(), error: null });
          return device;
        } catch (error) {
          recordBackend?.({ kind: 'backend', name, started: false, backend: tf.getBackend(), error: errorParts(error).message });
          throw error;
        }
      },
    };
  }

  let active = false;
  const observe: Observe = async <T>(work: (mark: Mark) => T | Promise<T>) => {
    if (active) throw new Error('observe: another observation is still running; await it before starting the next.');
    active = true;
    const events: ExerciseEvent[] = [];
    let eventsDropped = 0;
    const record = (event: ExerciseEvent) => {
      if (events.length < maxEvents) events.push(event);
      else eventsDropped += 1;
    };
    const outputs: ExerciseOutput[] = [];
    const readsByMethod = zeroReads();
    const backendRequests: BackendRequest[] = [];

    const stopListening = tap.listen((output) => {
      outputs.push(toExerciseOutput(output));
      record({ kind: 'output', index: outputs.length - 1 });
    });
    recordBackend = (request) => {
      backendRequests.push(request);
      record(request);
    };
    const mark: Mark = (label) => record({ kind: 'mark', label: String(label) });
    const before = tf.memory();
    const backendBefore = tf.getBackend();
    const started = realNow();
    const stopWatching = watchTensorReads(tf, (method, tensor) => {
      readsByMethod[method] += 1;
      record({ kind: 'read', method, tensorId: tensor.id, shape: [...tensor.shape], dtype: tensor.dtype });
    });

    let returned: Awaited<T> | undefined;
    let failure: { name: string; message: string } | null = null;
    try {
      returned = await work(mark);
    } catch (error) {
      failure = errorParts(error);
    } finally {
      for (const name of stopWatching()) tampered.add(name);
      stopListening();
      recordBackend = null;
      active = false;
    }
    const elapsedMs = realNow() - started;
    const after = tf.memory();
    const observation: ExerciseObservation<Awaited<T>> = {
      error: failure?.message ?? null,
      errorName: failure?.name ?? null,
      returned,
      outputs,
      events,
      eventsDropped,
      reads: readMethods.reduce((sum, method) => sum + readsByMethod[method], 0),
      readsByMethod,
      tensorsBefore: before.numTensors,
      tensorsAfter: after.numTensors,
      bytesBefore: before.numBytes,
      bytesAfter: after.numBytes,
      backendBefore,
      backendAfter: tf.getBackend(),
      backendRequests,
      elapsedMs,
    };
    return observation;
  };

  return { observe, observedLab, tampered };
}

function programRuns(run: ExerciseRun): Requirement {
  const label = 'The program runs without an error';
  if (run.error === null) return { id: 'program-runs', label, passed: true, message: 'main ran to the end without an error.' };
  const name = run.errorName && run.errorName !== 'Error' ? `${run.errorName}: ` : '';
  return { id: 'program-runs', label, passed: false, message: `main stopped with an error: ${name}${run.error}` };
}

function checkFailed(problem: string): Requirement {
  return {
    id: 'check-runs',
    label: 'The exercise can check your program',
    passed: false,
    message: `The check itself failed (${problem}). This is a bug in the exercise, not in your program; please report it.`,
  };
}

/** The check's answer, or the reason it is not a usable list of requirements. */
function readRequirements(answer: unknown): Requirement[] | string {
  if (!Array.isArray(answer)) return `it returned ${answer === null ? 'null' : typeof answer}, not a list of requirements`;
  if (answer.length === 0) return 'it returned no requirements';
  const seen = new Set<string>();
  const requirements: Requirement[] = [];
  for (const [index, item] of (answer as unknown[]).entries()) {
    const candidate = (typeof item === 'object' && item !== null ? item : {}) as Partial<Record<keyof Requirement, unknown>>;
    const { id, label, passed, message } = candidate;
    if (typeof id !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) return `requirement ${index + 1} has no kebab-case id`;
    if ((harnessRequirementIds as readonly string[]).includes(id)) return `requirement "${id}" uses an id the harness reserves`;
    if (seen.has(id)) return `requirement id "${id}" appears twice`;
    if (typeof label !== 'string' || label.trim() === '') return `requirement "${id}" has no label`;
    if (typeof passed !== 'boolean') return `requirement "${id}" says neither passed nor failed`;
    if (typeof message !== 'string' || message.trim() === '') return `requirement "${id}" has no message`;
    seen.add(id);
    requirements.push({ id, label, passed, message });
  }
  return requirements;
}

/**
 * Runs the learner's main under observation, then the check with what was observed. Never throws for
 * the learner's or the check's mistakes: an error in main is the failed requirement "the program runs
 * without an error", and a check that throws or answers nonsense is the failed requirement "the exercise
 * can check your program".
 */
export async function runExercise({ program, check, lab, tap, tf }: RunExerciseOptions): Promise<ExerciseResult> {
  // Before main: the built-ins and the engine the check relies on cannot be replaced from here on.
  lockExerciseRealm(tf);
  const { observe, observedLab, tampered } = createObserver(tf, tap);
  const programLab = observedLab(lab);
  const main = program.default;
  const observation = await observe(() => {
    if (typeof main !== 'function') throw new MissingMainError(main);
    return (main as (lab: Lab) => unknown)(programLab);
  });
  const run: ExerciseRun = { ...observation, device: lab.device(), tampered: [...tampered] };

  const requirements: Requirement[] = [programRuns(run)];
  const context: ExerciseCheckContext = { run, program, tf, lab: programLab, observe };
  try {
    const answer = readRequirements(await check(context));
    requirements.push(...(typeof answer === 'string' ? [checkFailed(answer)] : answer));
  } catch (error) {
    const { name, message } = errorParts(error);
    requirements.push(checkFailed(`${name}: ${message}`));
  }

  // Replacing a read method during main or during a call the check made hides reads from the count.
  if (tampered.size > 0) {
    requirements.splice(1, 0, {
      id: 'no-tampering',
      label: 'The program leaves TensorFlow.js as it found it',
      passed: false,
      message: `The program replaced ${[...tampered].join(', ')}; the harness put the original back. Read tensors with the methods TensorFlow.js provides.`,
    });
  }
  return { run: { ...run, tampered: [...tampered] }, requirements, passed: requirements.every((item) => item.passed) };
}
