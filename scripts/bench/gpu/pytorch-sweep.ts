/**
 * Runs the project's PyTorch reference (scripts/pytorch/cnn_reference.py, mode `sweep`) over the same
 * points as the tfjs backends and collects its throughput lines as they arrive. `runPythonLines` also runs
 * the transformer's twin (run-transformer-sweep.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

export type PytorchDevice = 'auto' | 'cpu' | 'cuda';
export const PYTORCH_CHOICES = ['auto', 'cpu', 'cuda', 'none'] as const;

/** One `{"mode":"throughput",…}` line of the reference script. */
export interface PytorchPoint {
  device: string;
  device_name: string;
  threads: number;
  width: number;
  batch: number;
  flops_per_step: number;
  first_step_ms: number;
  ms_per_step: number;
  images_per_second: number;
  gflops_per_second: number;
  steps?: number;
  torch?: string;
}

export interface PytorchSweepOptions {
  python: string;
  script: string;
  device: PytorchDevice;
  widths: readonly number[];
  batches: readonly number[];
  maxSecondsPerStep: number;
  minSeconds: number;
  threads: number;
  /** The whole run is stopped after this long; the points already printed are kept. */
  timeoutMs: number;
  onPoint(point: PytorchPoint): void;
}

export interface PytorchSweepResult {
  points: PytorchPoint[];
  /** The script's own last line: what it left out and why. */
  skipped: { width: number; batch: number; reason: string }[];
  /** Set when the run failed or was cut short (stderr's last lines, or the timeout). */
  error: string | null;
}

/** Why PyTorch cannot run here (no python, no torch, no script), or null when it can. */
export function pytorchUnavailable(python: string, script: string): string | null {
  if (!existsSync(script)) return `the PyTorch reference ${script} is missing`;
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.error) return `${python} cannot be run (${probe.error.message})`;
  if (probe.status !== 0) return `${python} has no torch (Debian: apt-get install -y python3-torch)`;
  return null;
}

function isPoint(value: unknown): value is PytorchPoint & { mode: 'throughput' } {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    line.mode === 'throughput' &&
    typeof line.width === 'number' &&
    typeof line.batch === 'number' &&
    typeof line.images_per_second === 'number'
  );
}

interface SweepLine {
  mode: 'sweep';
  skipped?: [number, number][];
  reason?: string;
}

/**
 * Runs `python script args…` and hands each JSON line of its stdout to `onLine`; resolves with why it failed or
 * was stopped after `timeoutMs` (the lines already printed are kept), or null when it ended well.
 */
export function runPythonLines(
  python: string,
  args: readonly string[],
  timeoutMs: number,
  onLine: (line: unknown) => void,
): Promise<string | null> {
  const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, timeoutMs);

  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr.push(line);
    if (stderr.length > 20) stderr.shift();
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      return; // not one of the script's JSON lines
    }
    onLine(line);
  });

  return new Promise((resolve) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve(`${python} could not be started: ${error.message}`);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) resolve(`stopped after ${Math.round(timeoutMs / 1000)} s (its share of --time-budget)`);
      else resolve(code === 0 ? null : `exited with ${code}: ${stderr.slice(-3).join(' / ') || 'no message'}`);
    });
  });
}

export async function runPytorchSweep(options: PytorchSweepOptions): Promise<PytorchSweepResult> {
  const args = [
    options.script,
    'sweep',
    '--widths',
    options.widths.join(','),
    '--batches',
    options.batches.join(','),
    '--max-seconds-per-step',
    String(options.maxSecondsPerStep),
    '--min-seconds',
    String(options.minSeconds),
    '--device',
    options.device,
    '--threads',
    String(options.threads),
  ];
  const points: PytorchPoint[] = [];
  const skipped: PytorchSweepResult['skipped'] = [];
  const error = await runPythonLines(options.python, args, options.timeoutMs, (line) => {
    if (isPoint(line)) {
      points.push(line);
      options.onPoint(line);
    } else if ((line as SweepLine | null)?.mode === 'sweep') {
      const sweep = line as SweepLine;
      for (const [width, batch] of sweep.skipped ?? [])
        skipped.push({ width, batch, reason: sweep.reason ?? 'left out by the PyTorch reference' });
    }
  });
  return { points, skipped, error };
}
