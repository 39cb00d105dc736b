/**
 * `lab.measured`: one figure the run measured, under an id that a lesson's prediction prompt asks about
 * (`data-prediction="<id>"`). It is drawn as a line of the output, then announced to the page
 * (measured-event.ts), where the prompt puts the learner's prediction beside it.
 */
import { formatNumber } from '../shared/number-text.ts';
import { InvalidMessageError, type Fields } from './fields.ts';
import { labMeasuredEvent, measuredIdPattern, type LabMeasuredDetail } from './measured-event.ts';
import { textLine } from './log.ts';
import type { OutputKind } from './output-kind.ts';

export interface MeasuredOutput extends LabMeasuredDetail {
  kind: 'measured';
}

/** Reads the figure; a value that is not a finite number (NaN, Infinity) is refused, null means "none found". */
export function readMeasured(fields: Fields): MeasuredOutput {
  const id = fields.label('id');
  if (!measuredIdPattern.test(id))
    throw new InvalidMessageError(
      `output "measured": "id" should be lower-case words joined by hyphens, not ${JSON.stringify(id)}.`,
    );
  const value = fields.nullableNumber('value');
  if (value !== null && !Number.isFinite(value))
    throw new InvalidMessageError('output "measured": "value" should be a finite number or null.');
  return { kind: 'measured', id, value, unit: fields.label('unit') };
}

/** The line the output shows: "Measured (gpu-speed-up): 0.42 ×". */
export function measuredText({ id, value, unit }: MeasuredOutput): string {
  return `Measured (${id}): ${value === null ? 'none found' : `${formatNumber(value)}${unit ? ` ${unit}` : ''}`}`;
}

export const measuredKind: OutputKind<MeasuredOutput> = {
  read: readMeasured,
  render(output, view) {
    const line = textLine(measuredText(output), 'measured');
    view.append(line);
    const detail: LabMeasuredDetail = { id: output.id, value: output.value, unit: output.unit };
    line.dispatchEvent(new CustomEvent(labMeasuredEvent, { bubbles: true, detail }));
  },
};
