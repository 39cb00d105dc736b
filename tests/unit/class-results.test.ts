/**
 * The instructors' class results (src/cnn-results/class-results.ts): the CNN lab's files and the notebook's are
 * read by their own readers, anything else is refused with the reason, and runs are grouped by device and
 * backend with medians. Fixtures: tests/fixtures/cnn-results-{ana,ben,chen,damaged}.json and the notebook's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  ClassFileError,
  figureText,
  groupRuns,
  readClassFile,
  runKey,
  type ClassRun,
} from '../../src/cnn-results/class-results.ts';

const fixture = (name: string) => readFileSync(`tests/fixtures/${name}`, 'utf8');

function refusal(name: string, text: string): string {
  try {
    readClassFile(name, text);
  } catch (error) {
    expect(error).toBeInstanceOf(ClassFileError);
    return (error as Error).message;
  }
  throw new Error('the file was read');
}

describe('class results', () => {
  test('reads the lab’s files and the notebook’s, each run named by backend and device', () => {
    const ana = readClassFile('ana.json', fixture('cnn-results-ana.json'));
    expect(ana.kind).toBe('lab');
    expect(ana.runs.map((run) => `${run.backend} ${run.imagesPerSecond}`)).toEqual(['WASM 410.5', 'WebGL 2210', 'WebGPU 2650.3']);
    expect(ana.runs[0]).toMatchObject({ file: 'ana.json', device: 'WebAssembly, 8 threads on 8 logical cores, SIMD on' });

    const notebook = readClassFile('colab.json', fixture('notebook-results-colab-t4.json'));
    expect(notebook.kind).toBe('notebook');
    expect(notebook.runs.map((run) => `${run.backend} on ${run.device}`)).toEqual([
      'PyTorch CPU on Intel(R) Xeon(R) CPU @ 2.20GHz (2 threads)',
      'PyTorch GPU on Tesla T4',
      'PyTorch GPU, autocast float16 on Tesla T4',
    ]);
  });

  test('refuses what is not a results file of the course, saying why', () => {
    expect(refusal('damaged.json', fixture('cnn-results-damaged.json'))).toBe(
      '"rows[1].images/s" should be a number above 0, but it is "fast".',
    );
    expect(refusal('package.json', '{"name":"x","version":"1.0.0"}')).toMatch(
      /^This is not a results file of the course: its "format" should be "gpu-dl-course\/cnn-benchmark-results" .* but it is missing\.$/,
    );
    expect(refusal('cut.json', fixture('cnn-results-ben.json').slice(0, 100))).toMatch(/^The file is not valid JSON/);
    expect(refusal('old.json', '[]')).toMatch(/older download of the CNN lab/);
    const notebook = JSON.parse(fixture('notebook-results-colab-t4.json')) as { runs: Record<string, unknown>[] };
    notebook.runs[0].accuracy = -1;
    expect(refusal('nb.json', JSON.stringify(notebook))).toBe(
      '"runs[0].accuracy" should be a number from 0 to 100, but it is -1.',
    );
  });

  test('groups by device and backend, fastest median first, with run and file counts and medians', () => {
    const runs = ['ana', 'ben', 'chen'].flatMap(
      (name) => readClassFile(`${name}.json`, fixture(`cnn-results-${name}.json`)).runs,
    );
    const groups = groupRuns(runs);
    expect(groups.map((group) => [group.backend, group.device.slice(0, 28), group.runs, group.files])).toEqual([
      ['WebGPU', 'WebGPU on nvidia ampere', 1, 1],
      ['WebGL', 'WebGL 2 on ANGLE (NVIDIA, NV', 3, 2],
      ['WebGL', 'WebGL 2 on ANGLE (Intel, Int', 1, 1],
      ['WASM', 'WebAssembly, 8 threads on 8 ', 2, 2],
      ['WASM', 'WebAssembly, 4 threads on 4 ', 1, 1],
    ]);
    expect(groups[1]).toMatchObject({
      medianImagesPerSecond: 2210,
      medianAccuracy: 38.4,
      minImagesPerSecond: 2050,
      maxImagesPerSecond: 2330,
    });
    expect(groups[3].medianImagesPerSecond).toBeCloseTo(404.3, 10);
    expect(groups[3].medianAccuracy).toBeCloseTo(38.01, 10);
    expect(groupRuns([])).toEqual([]);
  });

  test('the same run read twice has the same key, so it is counted once', () => {
    const first = readClassFile('a.json', fixture('cnn-results-ana.json')).runs;
    const again = readClassFile('a (2).json', fixture('cnn-results-ana.json')).runs;
    expect(again.map(runKey)).toEqual(first.map(runKey));
    expect(new Set(first.map(runKey)).size).toBe(first.length);
  });

  test('130,000 runs of one device group in one pass, without spreading them into Math.min', () => {
    const runs: ClassRun[] = Array.from({ length: 130_000 }, (_, index) => ({
      file: `learner-${index % 130}.json`,
      backend: 'WebGL',
      device: 'one GPU',
      imagesPerSecond: 1000 + (index % 1001),
      accuracy: 40,
      epochs: 3,
      trainImages: 5000,
      date: '2026-03-02T10:45:00.000Z',
    }));
    const started = performance.now();
    const [group, ...others] = groupRuns(runs);
    // Quadratic grouping took minutes here; a single pass takes well under a second even on a busy machine.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(others).toEqual([]);
    expect(group).toMatchObject({ runs: 130_000, files: 130, minImagesPerSecond: 1000, maxImagesPerSecond: 2000 });
  });

  test('a slow notebook run keeps its figure (it rounded to 0), and tiny figures read "< 0.1"', () => {
    const notebook = JSON.parse(fixture('notebook-results-colab-t4.json')) as { runs: Record<string, number>[] };
    const run = notebook.runs[0];
    run.images_per_second = 0.04;
    run.seconds = (run.train_images * run.epochs) / 0.04;
    const [slow] = readClassFile('slow.json', JSON.stringify(notebook)).runs;
    expect(slow.imagesPerSecond).toBe(0.04);
    expect(figureText(slow.imagesPerSecond)).toBe('< 0.1');
    expect(figureText(0.1)).toBe('0.1');
    expect(figureText(2210)).toBe('2210');
    expect(figureText(404.30000000000007)).toBe('404.3');
  });

  test('device names lose the characters that would reverse the rest of their row', () => {
    const file = JSON.parse(fixture('cnn-results-chen.json')) as { rows: Record<string, unknown>[] };
    file.rows[0].device = '\u202EUPG live\u202C';
    const [run] = readClassFile('chen.json', JSON.stringify(file)).runs;
    expect(run.device).toBe('UPG live');
  });
});
