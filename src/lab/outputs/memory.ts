/** `lab.memory`: the tensors and bytes alive at that moment. */
import type { MemoryReport } from '../../../labs/api/index.ts';
import { formatBytes } from '../shared/number-text.ts';
import type { Fields } from './fields.ts';
import { textLine } from './log.ts';
import type { OutputKind } from './output-kind.ts';

export interface MemoryOutput {
  kind: 'memory';
  label?: string;
  report: MemoryReport;
}

/** Reads a `tf.memory()` snapshot; also used for the one a finished run reports. */
export function readMemoryReport(fields: Fields): MemoryReport {
  return {
    numTensors: fields.count('numTensors'),
    numBytes: fields.count('numBytes'),
    numDataBuffers: fields.count('numDataBuffers'),
  };
}

export function memoryText({ label, report }: MemoryOutput): string {
  return `Memory${label ? ` (${label})` : ''}: ${report.numTensors} tensors, ${formatBytes(report.numBytes)} in ${report.numDataBuffers} buffers`;
}

export const memoryKind: OutputKind<MemoryOutput> = {
  read: (fields) => ({
    kind: 'memory',
    label: fields.optionalLabel('label'),
    report: fields.object('report', readMemoryReport),
  }),
  render(output, view) {
    view.append(textLine(memoryText(output), 'memory'));
  },
};
