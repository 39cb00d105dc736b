import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createRecordingLab } from '../../src/lab/worker/create-lab.ts';
import { OutputGate, limitOutput } from '../../src/lab/shared/output-gate.ts';
import { cutText, limitText, outputLimits } from '../../src/lab/shared/output-limit.ts';
import { InvalidMessageError, readWorkerMessage, type LabOutput } from '../../src/lab/shared/protocol.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** What the page reads from an output message of run 7 (after postMessage's copy). */
function read(output: unknown): LabOutput {
  const message = readWorkerMessage(structuredClone({ type: 'output', requestId: 7, output }), 7);
  if (message?.type !== 'output') throw new Error('not an output');
  return message.output;
}

const log = (text: string): LabOutput => ({ kind: 'log', level: 'info', text });

describe('cutText', () => {
  test('leaves short text alone', () => {
    expect(cutText('hello', 5)).toBe('hello');
  });
  test('cuts long text to the maximum, a note saying how much it cut included', () => {
    const cut = cutText('x'.repeat(30_000_000), 20_000);
    expect(cut).toBe(`${'x'.repeat(19_971)}… (29,980,029 characters cut)`);
    expect(cut).toHaveLength(20_000);
    // Cut once is cut for good: the page does not cut again what the worker cut.
    expect(cutText(cut, 20_000)).toBe(cut);
    expect(cutText('a'.repeat(100), 40)).toBe(`${'a'.repeat(18)}… (82 characters cut)`);
  });
  test('never splits an emoji in two', () => {
    // Keeping three characters would keep half of the emoji: two are kept.
    expect(cutText(`aa😀${'b'.repeat(40)}`, 24)).toBe('aa… (42 characters cut)');
  });
});

describe('OutputGate: the caps per run', () => {
  test('lets outputs through up to a cap, then refuses them, saying so the first time', () => {
    const gate = new OutputGate({ lines: 2 });
    expect(gate.admit(log('1'))).toEqual({ show: true });
    expect(gate.admit({ kind: 'memory', report: { numTensors: 0, numBytes: 0, numDataBuffers: 0 } })).toEqual({ show: true });
    expect(gate.admit(log('3'))).toEqual({ show: false, group: 'lines', cap: 2, first: true, flood: false });
    expect(gate.admit(log('4'))).toMatchObject({ show: false, first: false });
    // Other kinds have caps of their own.
    expect(gate.admit({ kind: 'table', columns: [], rows: [] })).toEqual({ show: true });
  });

  test('counts a progress bar once, and its updates apart', () => {
    const gate = new OutputGate({ progressBars: 1, progressUpdates: 2 });
    const bar = (progressId: number, done: number): LabOutput => ({
      kind: 'progress',
      progressId,
      label: 'p',
      done,
      total: 10,
      etaMs: null,
      unit: 'steps',
    });
    expect(gate.admit(bar(1, 0)).show).toBe(true);
    expect(gate.admit(bar(1, 1)).show).toBe(true);
    expect(gate.admit(bar(1, 2)).show).toBe(true);
    expect(gate.admit(bar(1, 3))).toMatchObject({ show: false, group: 'progressUpdates', first: true });
    expect(gate.admit(bar(2, 0))).toMatchObject({ show: false, group: 'progressBars', first: true });
    // A refused bar stays refused.
    expect(gate.admit(bar(2, 1))).toMatchObject({ show: false, group: 'progressBars', first: false });
  });

  test('counts chart points value by value, and once past the cap refuses even what would fit', () => {
    const points = (count: number): LabOutput => ({
      kind: 'line-points',
      chartId: 1,
      x: 0,
      values: Object.fromEntries(Array.from({ length: count }, (_, index) => [`s${index}`, index])),
    });
    const gate = new OutputGate({ chartPoints: 45 });
    expect(gate.admit(points(20)).show).toBe(true);
    expect(gate.admit(points(20)).show).toBe(true);
    expect(gate.admit(points(20))).toEqual({ show: false, group: 'chartPoints', cap: 45, first: true, flood: false });
    // A line with a gap in the middle would mislead: later points stay out.
    expect(gate.admit(points(1))).toMatchObject({ show: false, first: false });
    // A message without values counts one, so a flood of empty ones reaches the cap too.
    const empty = new OutputGate({ chartPoints: 2 });
    expect([empty.admit(points(0)).show, empty.admit(points(0)).show, empty.admit(points(0)).show]).toEqual([true, true, false]);

    // 50 charts of 20 lines of 100 points fit the run's cap exactly; one more point does not.
    const run = new OutputGate();
    for (let index = 0; index < 50 * 100; index++) expect(run.admit(points(20)).show).toBe(true);
    expect(run.admit(points(1))).toMatchObject({ show: false, group: 'chartPoints', cap: 100_000 });
    expect(limitText.reached('chartPoints', 100_000)).toBe(
      'Output limit reached: more than 100,000 points were added to charts, so the rest are dropped.',
    );
  });

  test('calls it a flood past floodMessages refused messages', () => {
    const gate = new OutputGate({ lines: 0 });
    for (let index = 0; index < outputLimits.floodMessages - 1; index++)
      expect(gate.admit(log('x'))).toMatchObject({ flood: false });
    // Unreadable messages count too.
    expect(gate.refuse()).toBe(false);
    expect(gate.admit(log('x'))).toMatchObject({ show: false, flood: true });
    expect(gate.refused).toBe(outputLimits.floodMessages + 1);
  });

  test('says what each cap is about', () => {
    expect(limitText.reached('lines', 5000)).toBe(
      'Output limit reached: more than 5,000 lines were logged, so the rest are dropped.',
    );
    expect(limitText.reached('progressBars', 100)).toBe(
      'Output limit reached: more than 100 progress bars were started, so the rest are not shown.',
    );
    expect(limitText.rowsCut(500, 49_500)).toBe('49,500 more rows not shown (a table shows 500).');
    expect(limitText.columnsCut(20, 1)).toBe('1 more column not shown (a table shows 20).');
  });
});

describe('the worker side: the lab API sends no more than the page shows', () => {
  test('tables past the cap are dropped with one line saying so', () => {
    const outputs: LabOutput[] = [];
    const emit = limitOutput((output) => outputs.push(output), { tables: 2 });
    for (let index = 0; index < 5; index++) emit({ kind: 'table', columns: ['n'], rows: [[index]] });
    expect(outputs.map((output) => (output.kind === 'log' ? output.text : output.kind))).toEqual([
      'table',
      'table',
      'Output limit reached: more than 2 tables were shown, so the rest are dropped.',
    ]);
  });

  test('a big table is cut to the rows and columns the page shows, and says how many it left out', () => {
    const { lab, outputs } = createRecordingLab();
    const wide = Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`c${index}`, index]));
    lab.table(
      Array.from({ length: 50_000 }, () => wide),
      { title: 't'.repeat(600) },
    );
    const [table] = outputs;
    if (table?.kind !== 'table') throw new Error('no table');
    expect(table.rows).toHaveLength(outputLimits.tableRows);
    expect(table.columns).toHaveLength(outputLimits.tableColumns);
    expect(table.rows[0]).toHaveLength(outputLimits.tableColumns);
    expect(table.omittedRows).toBe(50_000 - outputLimits.tableRows);
    expect(table.omittedColumns).toBe(5);
    expect(table.title).toBe(`${'t'.repeat(478)}… (122 characters cut)`);
    // What the worker sends, the page reads back unchanged.
    expect(read(table)).toEqual(table);
  });

  test('long cells and labels are cut', () => {
    const { lab, outputs } = createRecordingLab();
    lab.table([{ text: 'x'.repeat(5000) }]);
    lab.lineChart({ title: 'Loss', series: Array.from({ length: 30 }, (_, index) => `s${index}`) });
    lab.barChart({ title: 'b', bars: Object.fromEntries(Array.from({ length: 150 }, (_, index) => [`b${index}`, index])) });
    const [table, line, bar] = outputs;
    expect(table?.kind === 'table' && table.rows[0]?.[0]).toBe(`${'x'.repeat(976)}… (4,024 characters cut)`);
    expect(line?.kind === 'line-chart' && line.series).toHaveLength(outputLimits.chartSeries);
    expect(bar?.kind === 'bar-chart' && bar.labels).toHaveLength(outputLimits.chartBars);
  });

  test('a progress bar says it finished once, however often finish() is called', () => {
    const { lab, outputs } = createRecordingLab();
    const progress = lab.progress({ label: 'p', total: 1 });
    for (let index = 0; index < 1000; index++) progress.finish();
    expect(
      outputs.filter((output) => output.kind === 'progress').map((output) => output.kind === 'progress' && output.done),
    ).toEqual([0, 1]);
  });
});

describe('the page side: what arrives is cut to the same caps, forged or not', () => {
  test('a forged table of 50,000 rows is read as 500, with the rest counted', () => {
    const table = read({ kind: 'table', columns: ['n'], rows: Array.from({ length: 50_000 }, (_, index) => [index]) });
    expect(table).toMatchObject({ kind: 'table', omittedRows: 49_500 });
    expect(table.kind === 'table' && table.rows).toHaveLength(500);
  });

  test('a forged 30 MB line is cut', () => {
    const line = read(log('x'.repeat(30_000_000)));
    expect(line.kind === 'log' && line.text).toMatch(/^x{19971}… \(29,980,029 characters cut\)$/);
  });

  test('a forged chart keeps 20 lines, and a point names at most 20 values', () => {
    const series = Array.from({ length: 1000 }, (_, index) => `s${index}`);
    const chart = read({ kind: 'line-chart', chartId: 1, title: 'x', series });
    expect(chart.kind === 'line-chart' && chart.series).toHaveLength(20);
    const points = read({ kind: 'line-points', chartId: 1, x: 0, values: Object.fromEntries(series.map((name) => [name, 1])) });
    expect(points.kind === 'line-points' && Object.keys(points.values)).toHaveLength(20);
  });

  test('a download larger than the API allows is refused, not cut', () => {
    expect(() => read({ kind: 'download', fileName: 'a.txt', text: 'x'.repeat(10_000_001), mimeType: 'text/plain' })).toThrow(
      InvalidMessageError,
    );
  });
});
