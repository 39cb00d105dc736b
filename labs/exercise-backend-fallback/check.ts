/**
 * Check for "Choose a backend with a fallback": the order of the `lab.useBackend` calls, what
 * pickBackend returns and what main logs, all against the backend TensorFlow.js really runs.
 *
 * The program runs on a simulated machine whose WebGPU fails (exercise-kit/simulated-webgpu.ts), twice:
 * once with `navigator.gpu` present but no adapter (the program must try WebGPU and go on), once with no
 * `navigator.gpu` at all (it may skip WebGPU). On the real machine a program that never falls back would
 * pass wherever WebGPU starts.
 */
import type { BackendName, Lab } from '../api';
import type { BackendRequest, ExerciseCheck, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { requirement, show } from '../exercise-kit/requirement.ts';
import { simulatedWebGpu, type WebGpuFailure } from '../exercise-kit/simulated-webgpu.ts';

const order: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What the program saw of each simulated machine, for messages. */
const machines: Record<WebGpuFailure, string> = {
  'adapter-fails': 'On a machine whose navigator.gpu finds no adapter',
  missing: 'On a browser without navigator.gpu',
};

/** What is wrong with this sequence of useBackend calls, or null when it is the fallback the goal asks for. */
function orderProblem(requests: readonly BackendRequest[], maySkipWebGpu: boolean): string | null {
  if (requests.length === 0) return 'pickBackend never called lab.useBackend, so nothing was chosen.';
  // Without navigator.gpu, WebGPU cannot start: asking for it first or not at all are both right.
  const skipped = maySkipWebGpu && requests[0]?.name !== 'webgpu' ? 1 : 0;
  for (const [index, request] of requests.entries()) {
    const position = index + skipped;
    const expected = order[position];
    if (request.name !== expected) {
      const asked = requests.map((item) => item.name).join(' → ');
      return `pickBackend asked for ${asked}; ask in the order ${order.join(' → ')} and stop at the first that starts.`;
    }
    if (request.started && index < requests.length - 1) {
      return `${request.name} started, but pickBackend went on to ${requests[index + 1]?.name}; stop at the first backend that starts.`;
    }
    if (!request.started && index === requests.length - 1 && position < order.length - 1) {
      return `pickBackend asked for ${request.name}, which did not start ("${request.error}"), and gave up; go on to ${order[position + 1]}.`;
    }
  }
  return null;
}

const check: ExerciseCheck = async ({ program, lab, tf, observe }) => {
  const found = exportedFunction<(lab: Lab) => Promise<unknown>>(program, 'pickBackend');
  if (!found.ok) return [found.requirement];
  const pickBackend = found.value;
  const main = program.default as (lab: Lab) => unknown;

  /** pickBackend on one simulated machine: the calls it made, what it returned, and the backend that ran. */
  async function onMachine(failure: WebGpuFailure) {
    const machine = simulatedWebGpu(tf, lab, failure);
    const uninstall = machine.install();
    try {
      const picked = await observe(() => pickBackend(machine.lab));
      return { failure, picked, requests: [...machine.requests] };
    } finally {
      uninstall();
    }
  }
  const machineRuns = [await onMachine('adapter-fails'), await onMachine('missing')];

  const orderProblems = machineRuns.flatMap(({ failure, requests }) => {
    const problem = orderProblem(requests, failure === 'missing');
    return problem === null ? [] : [`${machines[failure]}, ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`];
  });
  const tried = machineRuns
    .map(
      ({ failure, requests }) =>
        `${machines[failure].replace(/^On /, 'on ')}: ${requests.map((item) => `${item.name} (${item.started ? 'started' : 'failed'})`).join(', ')}`,
    )
    .join('; ');
  const requirements: Requirement[] = [
    requirement(
      'tries-in-order',
      'It tries WebGPU, WebGL, WASM, then CPU, and stops at the first that starts',
      orderProblems.length === 0,
      orderProblems[0] ?? '',
      `Tried ${tried}.`,
    ),
  ];

  const wrongAnswer = machineRuns.find(({ picked }) => picked.error !== null || picked.returned !== picked.backendAfter);
  const answer = (run: (typeof machineRuns)[number]) => {
    const { picked, requests, failure } = run;
    if (picked.error !== null) return `${machines[failure]}, pickBackend threw: ${picked.error}`;
    const failedAsked = requests.find((item) => item.name === picked.returned && !item.started);
    return (
      `${machines[failure]}, pickBackend returned ${show(picked.returned)}, but TensorFlow.js runs ${picked.backendAfter}` +
      (failedAsked ? `: ${failedAsked.name} did not start ("${failedAsked.error}").` : '.') +
      ' Return what lab.useBackend resolved with (its .backend), not what you asked for.'
    );
  };
  requirements.push(
    requirement(
      'returns-running',
      'pickBackend returns the backend that really runs',
      wrongAnswer === undefined,
      wrongAnswer ? answer(wrongAnswer) : '',
      `pickBackend returned the backend that runs (${machineRuns.map(({ picked }) => picked.backendAfter).join(', ')}).`,
    ),
  );

  // main on the machine whose adapter fails: its log line must name the backend that ran there.
  const machine = simulatedWebGpu(tf, lab, 'adapter-fails');
  const uninstall = machine.install();
  const mainRun = await observe(() => main(machine.lab)).finally(uninstall);
  const claims = mainRun.outputs.flatMap((output) => {
    const claim = output.kind === 'log' ? /^Running on (\S+)$/.exec(output.text.trim()) : null;
    return claim?.[1] ? [claim[1]] : [];
  });
  const ranOn = mainRun.backendAfter;
  requirements.push(
    requirement(
      'logs-running',
      'main logs "Running on <backend>" with the backend that ran',
      mainRun.error === null && claims.length > 0 && claims.every((claim) => claim === ranOn),
      mainRun.error !== null
        ? `On a machine whose WebGPU fails, main threw: ${mainRun.error}`
        : claims.length === 0
          ? `main logged no line "Running on <backend>"; log the name pickBackend returned, e.g. lab.log(\`Running on \${backend}\`).`
          : `On a machine whose WebGPU fails, main says "Running on ${claims.find((claim) => claim !== ranOn)}", but the program ran on ${ranOn}.`,
      `main says "Running on ${ranOn}", and it did.`,
    ),
  );
  return requirements;
};

export default check;
