/**
 * Check for "Choose a backend with a fallback": the order of the `lab.useBackend` calls, what
 * pickBackend returns and what main logs, all against the backend TensorFlow.js really runs.
 */
import type { BackendName, Lab } from '../api';
import type { BackendRequest, ExerciseCheck, Requirement } from '../api/exercise';
import { exportedFunction } from '../exercise-kit/exports.ts';
import { requirement, show } from '../exercise-kit/requirement.ts';

const order: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What is wrong with this sequence of useBackend calls, or null when it is the fallback the goal asks for. */
function orderProblem(requests: readonly BackendRequest[]): string | null {
  if (requests.length === 0) return 'pickBackend never called lab.useBackend, so nothing was chosen.';
  for (const [index, request] of requests.entries()) {
    const expected = order[index];
    if (request.name !== expected) {
      const asked = requests.map((item) => item.name).join(' → ');
      return `pickBackend asked for ${asked}; ask in the order ${order.join(' → ')} and stop at the first that starts.`;
    }
    if (request.started && index < requests.length - 1) {
      return `${request.name} started, but pickBackend went on to ${requests[index + 1]?.name}; stop at the first backend that starts.`;
    }
    if (!request.started && index === requests.length - 1 && index < order.length - 1) {
      return `pickBackend asked for ${request.name}, which did not start ("${request.error}"), and gave up; go on to ${order[index + 1]}.`;
    }
  }
  return null;
}

const check: ExerciseCheck = async ({ run, program, lab, observe }) => {
  const found = exportedFunction<(lab: Lab) => Promise<unknown>>(program, 'pickBackend');
  if (!found.ok) return [found.requirement];
  const pickBackend = found.value;
  const requirements: Requirement[] = [];

  const picked = await observe(() => pickBackend(lab));
  const problem = orderProblem(picked.backendRequests);
  const tried = picked.backendRequests.map((item) => `${item.name} (${item.started ? 'started' : 'failed'})`).join(', ');
  requirements.push(
    requirement(
      'tries-in-order',
      'It tries WebGPU, WebGL, WASM, then CPU, and stops at the first that starts',
      problem === null,
      problem ?? '',
      `Tried ${tried}.`,
    ),
  );

  const running = picked.backendAfter;
  const failedAsked = picked.backendRequests.find((item) => item.name === picked.returned && !item.started);
  requirements.push(
    requirement(
      'returns-running',
      'pickBackend returns the backend that really runs',
      picked.error === null && picked.returned === running,
      picked.error !== null
        ? `pickBackend threw: ${picked.error}`
        : `pickBackend returned ${show(picked.returned)}, but TensorFlow.js runs ${running}` +
            (failedAsked ? `: ${failedAsked.name} did not start ("${failedAsked.error}").` : '.') +
            ' Return what lab.useBackend resolved with (its .backend), not what you asked for.',
      `pickBackend returned "${running}", the backend that runs.`,
    ),
  );

  const claims = run.outputs.flatMap((output) => {
    const claim = output.kind === 'log' ? /^Running on (\S+)$/.exec(output.text.trim()) : null;
    return claim?.[1] ? [claim[1]] : [];
  });
  const ranOn = run.backendAfter;
  requirements.push(
    requirement(
      'logs-running',
      'main logs "Running on <backend>" with the backend that ran',
      claims.length > 0 && claims.every((claim) => claim === ranOn),
      claims.length === 0
        ? `main logged no line "Running on <backend>"; log the name pickBackend returned, e.g. lab.log(\`Running on \${backend}\`).`
        : `main says "Running on ${claims.find((claim) => claim !== ranOn)}", but the program ran on ${ranOn}.`,
      `main says "Running on ${ranOn}", and it did.`,
    ),
  );
  return requirements;
};

export default check;
