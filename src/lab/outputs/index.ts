/**
 * Every kind of output a lab program can show, in one table. A kind is one module of this folder (its
 * type, how the page reads it from the worker, how it draws it, its stylesheet); this table is where
 * the compiler checks that each kind in `LabOutput` can be read and drawn. To add a kind, see
 * labs/README.md, "Adding an output kind".
 */
import { backendSwitchKind, type BackendSwitchOutput } from './backend-switch.ts';
import { barChartKind, type BarChartOutput } from './bar-chart.ts';
import { downloadKind, type DownloadOutput } from './download.ts';
import { InvalidMessageError, readFields } from './fields.ts';
import { lineChartKind, linePointsKind, type LineChartOutput, type LinePointsOutput } from './line-chart.ts';
import { logKind, type LogOutput } from './log.ts';
import { measuredKind, type MeasuredOutput } from './measured.ts';
import { memoryKind, type MemoryOutput } from './memory.ts';
import type { OutputKind } from './output-kind.ts';
import { progressKind, type ProgressOutput } from './progress.ts';
import { stageKind, type StageOutput } from './stage.ts';
import { tableKind, type TableOutput } from './table.ts';
import { timingKind, type TimingOutput } from './timing.ts';
import { verdictKind, type VerdictOutput } from './verdict.ts';

/** Something the program showed; produced by the lab API (`createLab`) and drawn by the page. */
export type LabOutput =
  | LogOutput
  | TableOutput
  | LineChartOutput
  | LinePointsOutput
  | BarChartOutput
  | ProgressOutput
  | TimingOutput
  | MemoryOutput
  | DownloadOutput
  | MeasuredOutput
  | StageOutput
  | VerdictOutput
  | BackendSwitchOutput;

const outputKinds = {
  log: logKind,
  table: tableKind,
  'line-chart': lineChartKind,
  'line-points': linePointsKind,
  'bar-chart': barChartKind,
  progress: progressKind,
  timing: timingKind,
  memory: memoryKind,
  download: downloadKind,
  measured: measuredKind,
  stage: stageKind,
  verdict: verdictKind,
  backend: backendSwitchKind,
} satisfies { [Kind in LabOutput['kind']]: OutputKind<Extract<LabOutput, { kind: Kind }>> };

function isOutputKind(kind: unknown): kind is LabOutput['kind'] {
  return typeof kind === 'string' && Object.hasOwn(outputKinds, kind);
}

/** Reads an output that came from the worker: every field checked, unknown fields refused. */
export function readOutput(value: unknown): LabOutput {
  const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined;
  if (!isOutputKind(kind)) throw new InvalidMessageError(`an output of unknown kind ${JSON.stringify(kind)} arrived.`);
  // The table pairs each kind with its own reader; TypeScript cannot follow that pairing through a union.
  const outputKind = outputKinds[kind] as OutputKind<LabOutput>;
  return readFields(value, `output "${kind}"`, (fields) => {
    fields.string('kind');
    return outputKind.read(fields);
  });
}

/** The kind module of an output, to draw it. */
export function kindOf(output: LabOutput): OutputKind<LabOutput> {
  return outputKinds[output.kind];
}
