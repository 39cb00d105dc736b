/**
 * The command line of `npm run bench`, shared by its CNN and transformer halves: reading numbers with
 * messages that name the option, stopping with one, and running the project's PyTorch references.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const PYTHON = '/usr/bin/python3';

export function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

export function positive(name: string, value: string | undefined, allowZero = false): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < (allowZero ? 0 : 1))
    fail(`--${name} must be a whole number${allowZero ? '' : ' above 0'}, not "${value}".`);
  return number;
}

export function seconds(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) fail(`--${name} must be a number of seconds above 0, not "${value}".`);
  return number;
}

export function wholeNumbers(name: string, value: string | undefined, fallback: readonly number[]): number[] {
  if (value === undefined) return [...fallback];
  const numbers = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map(Number);
  if (numbers.length === 0 || numbers.some((n) => !Number.isInteger(n) || n < 1))
    fail(`--${name} must be whole numbers above 0 separated by commas, like 1,2,4, not "${value}".`);
  return numbers;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Why a PyTorch reference (a path under the repository) cannot run here, or null when it can. */
export function pytorchMissing(script: string): string | null {
  if (!existsSync(PYTHON)) return `no ${PYTHON}`;
  if (!existsSync(path.join(process.cwd(), script))) return `no ${script}`;
  if (spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0)
    return `${PYTHON} has no torch (apt-get install -y python3-torch)`;
  return null;
}

/** Runs a PyTorch reference and hands each JSON line to `onLine` as it arrives; rejects when the script fails. */
export async function runReference(
  script: string,
  args: string[],
  onLine: (line: Record<string, unknown>) => void = () => {},
): Promise<Record<string, unknown>[]> {
  const child = spawn(PYTHON, [script, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Record<string, unknown>[] = [];
  const reader = createInterface({ input: child.stdout });
  reader.on('line', (text) => {
    if (!text.trim()) return;
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    onLine(line);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${script} ${args[0]} exited with status ${code}.`);
  return lines;
}
