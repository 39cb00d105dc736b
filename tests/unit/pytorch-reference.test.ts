/**
 * The project's PyTorch reference (scripts/pytorch/cnn_reference.py) must count FLOPs, order the sweep and
 * shuffle epochs exactly as the TypeScript side does, or its ratios and accuracies compare different things.
 * Runs only where /usr/bin/python3 has torch (Debian: apt-get install -y python3-torch); elsewhere each
 * test is skipped with the reason.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, test, type TestContext } from 'vitest';
import { trainingFlopsPerImage, trainingFlopsPerStep } from '../../labs/cnn/flops.ts';
import { sweepPoints } from '../../labs/cnn/sweep-plan.ts';
import { epochOrder } from '../../labs/cnn/train.ts';

const PYTHON = '/usr/bin/python3';
const SCRIPT = 'scripts/pytorch/cnn_reference.py';

function torchMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  return probe.status === 0 ? null : `${PYTHON} has no torch (apt-get install -y python3-torch)`;
}

const missing = torchMissing();

function requireTorch(context: TestContext): void {
  if (missing) context.skip(`PyTorch reference not tested: ${missing}`);
}

/** Runs the script and parses every stdout line as JSON. */
function reference(args: string[]): Record<string, unknown>[] {
  const out = execFileSync(PYTHON, [SCRIPT, ...args], { encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('scripts/pytorch/cnn_reference.py', () => {
  test('its self-test agrees with flops.ts (3,204,720 and 9,986,400 FLOPs per image) and the model', (context) => {
    requireTorch(context);
    const [line] = reference(['self-test']);
    expect(line).toMatchObject({ mode: 'self-test', ok: true, parameters: 62_006 });
    expect(line?.training_flops_per_image).toEqual({ '1': trainingFlopsPerImage(1), '2': trainingFlopsPerImage(2) });
    expect(trainingFlopsPerImage(1)).toBe(3_204_720);
    expect(trainingFlopsPerImage(2)).toBe(9_986_400);
  });

  test('throughput prints one line with the interface npm run bench and bench:gpu read', (context) => {
    requireTorch(context);
    const lines = reference(['throughput', '--width', '1', '--batch', '8', '--steps', '1', '--warmup', '0', '--device', 'cpu']);
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(line).toMatchObject({
      mode: 'throughput',
      device: 'cpu',
      width: 1,
      batch: 8,
      steps: 1,
      flops_per_step: trainingFlopsPerStep(1, 8),
    });
    for (const field of ['device_name', 'threads', 'first_step_ms', 'ms_per_step', 'images_per_second', 'gflops_per_second'])
      expect(line).toHaveProperty(field);
    expect(line.images_per_second).toBeGreaterThan(0);
  });

  test('sweep visits the same points in the same order as sweepPoints, with the same FLOPs', (context) => {
    requireTorch(context);
    const lines = reference([
      'sweep',
      '--widths',
      '2,1',
      '--batches',
      '4,2',
      '--min-seconds',
      '0.01',
      '--device',
      'cpu',
      '--threads',
      '1',
    ]);
    const measured = lines
      .filter((line) => line.mode === 'throughput')
      .map((line) => ({ width: line.width, batchSize: line.batch, flopsPerStep: line.flops_per_step }));
    expect(measured).toEqual(sweepPoints([2, 1], [4, 2]));
    expect(lines.at(-1)).toMatchObject({ mode: 'sweep', measured: 4, skipped: [] });
  });

  test('its epoch order is epochOrder of labs/cnn/train.ts, so both frameworks see the same batches', (context) => {
    requireTorch(context);
    const program =
      'import json, sys; sys.path.insert(0, "scripts/pytorch"); import cnn_reference as c; print(json.dumps([c.epoch_order(100, 42, e) for e in (0, 3)]))';
    const orders = JSON.parse(execFileSync(PYTHON, ['-c', program], { encoding: 'utf8' })) as number[][];
    expect(orders).toEqual([Array.from(epochOrder(100, 42, 0)), Array.from(epochOrder(100, 42, 3))]);
  });
});
