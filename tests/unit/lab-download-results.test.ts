import { expect, test } from 'vitest';
import { createLab } from '../../src/lab/worker/create-lab.ts';
import type { LabOutput } from '../../src/lab/shared/protocol.ts';
import type { TableRow } from '../../labs/api/index.ts';

function collectingLab(): { outputs: LabOutput[]; lab: ReturnType<typeof createLab> } {
  const outputs: LabOutput[] = [];
  return { outputs, lab: createLab((output) => outputs.push(output), { requested: 'cpu', description: 'test' }) };
}

test('lab.download offers the text under its file name only, never a path', () => {
  const { outputs, lab } = collectingLab();
  lab.download('results.csv', 'a,b\r\n1,2\r\n', 'text/csv');
  lab.download('../../etc/notes.txt', 'hi');
  expect(outputs).toEqual([
    { kind: 'download', fileName: 'results.csv', text: 'a,b\r\n1,2\r\n', mimeType: 'text/csv' },
    { kind: 'download', fileName: 'notes.txt', text: 'hi', mimeType: 'text/plain' },
  ]);
  expect(() => lab.download('big.txt', 'x'.repeat(10_000_001))).toThrow(RangeError);
});

test('lab.results without IndexedDB keeps rows for the run and says so once', async () => {
  const { outputs, lab } = collectingLab();
  const store = lab.results<TableRow>('unit-test-results');
  expect(await store.load()).toEqual([]);
  await store.append({ backend: 'wasm', seconds: 1.5 });
  await store.append({ backend: 'webgl', seconds: 0.5, software: true });
  expect(await store.load()).toEqual([
    { backend: 'wasm', seconds: 1.5 },
    { backend: 'webgl', seconds: 0.5, software: true },
  ]);
  await store.clear();
  expect(await store.load()).toEqual([]);
  const warnings = outputs.filter((output) => output.kind === 'log' && output.level === 'warn');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]?.kind === 'log' && warnings[0].text).toContain('kept for this run only');
});

test('lab.results rejects a row that is not an object, and a key that is empty', async () => {
  const { lab } = collectingLab();
  await expect(lab.results('unit-test-bad').append([1, 2] as unknown as TableRow)).rejects.toThrow(TypeError);
  expect(() => lab.results('')).toThrow(RangeError);
});
