/**
 * `npm test`: every check the project has, in the order that fails fastest, timed stage by stage.
 *
 * The static checks are single-threaded, so on a two-core machine the type check runs beside the linters
 * (two lanes, each printed whole when it ends), once Astro has generated the types both read; the unit
 * tests, the build and the end-to-end tests use every core and run alone. The checks of the built site need the build. A failing stage stops the run
 * after its lane, with its output. The stage times close the run (docs/performance.md records them).
 */
import { spawn } from 'node:child_process';

interface Stage {
  name: string;
  /** An npm script of package.json. */
  script: string;
}

/** Stages in one step run side by side; each inner list is a lane that runs its stages in order. */
const steps: Stage[][][] = [
  // Astro's generated types (astro:content, import.meta.env) come first: the linter's type-aware rules need
  // them too, and the type check would otherwise write them while the linter reads them.
  [[{ name: 'astro sync', script: 'sync' }]],
  [
    [{ name: 'type check', script: 'typecheck' }],
    [
      { name: 'eslint', script: 'lint:eslint' },
      { name: 'prettier', script: 'lint:format' },
      { name: 'import cycles', script: 'lint:cycles' },
    ],
  ],
  [[{ name: 'unit tests', script: 'test:unit' }]],
  [[{ name: 'build', script: 'build' }]],
  [[{ name: 'links', script: 'check:links' }], [{ name: 'lesson load', script: 'check:lessons' }]],
  [[{ name: 'end-to-end tests', script: 'test:e2e' }]],
];

interface Result {
  name: string;
  seconds: number;
  ok: boolean;
}

/** Runs one npm script; its output streams when it runs alone, and is kept for the end of its lane otherwise. */
function runStage(stage: Stage, alone: boolean): Promise<Result & { output: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', stage.script], {
      stdio: alone ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const finish = (ok: boolean) => resolve({ name: stage.name, seconds: (performance.now() - started) / 1000, ok, output });
    child.on('error', (error) => {
      output += `${error.message}\n`;
      finish(false);
    });
    child.on('close', (code) => finish(code === 0));
  });
}

async function runLane(lane: Stage[], alone: boolean): Promise<Result[]> {
  const results: Result[] = [];
  for (const stage of lane) {
    if (!alone) console.log(`▶ ${stage.name} (beside another lane: its output follows when it ends)`);
    else console.log(`▶ ${stage.name}`);
    const { output, ...result } = await runStage(stage, alone);
    if (!alone) process.stdout.write(output);
    console.log(`${result.ok ? '✔' : '✘'} ${stage.name}: ${result.seconds.toFixed(0)} s`);
    results.push(result);
    if (!result.ok) break;
  }
  return results;
}

const started = performance.now();
const results: Result[] = [];
for (const step of steps) {
  const lanes = await Promise.all(step.map((lane) => runLane(lane, step.length === 1)));
  results.push(...lanes.flat());
  if (results.some((result) => !result.ok)) break;
}

const total = (performance.now() - started) / 1000;
console.log('\nStage times (s):');
for (const result of results)
  console.log(`  ${result.name.padEnd(18)} ${result.seconds.toFixed(0).padStart(5)}${result.ok ? '' : '  FAILED'}`);
console.log(`  ${'total'.padEnd(18)} ${total.toFixed(0).padStart(5)}`);
const failed = results.find((result) => !result.ok);
if (failed) {
  console.error(`\n✘ ${failed.name} failed (npm run ${steps.flat(2).find((stage) => stage.name === failed.name)?.script}).`);
  process.exit(1);
}
