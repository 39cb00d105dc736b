/** `lab.log` and `console.*`: a line of text, coloured by level. */
import { namesOf } from './fields.ts';
import { element, type OutputKind } from './output-kind.ts';
import './log.css';

export type LogLevel = 'info' | 'warn' | 'error';

const logLevels = namesOf<LogLevel>({ info: true, warn: true, error: true });

export interface LogOutput {
  kind: 'log';
  level: LogLevel;
  text: string;
}

/** A line of monospaced text; timings and memory reports are lines too, with their own `variant`. */
export function textLine(text: string, variant: string): HTMLPreElement {
  return element('pre', `lab-line lab-line-${variant}`, text);
}

export const logKind: OutputKind<LogOutput> = {
  read: (fields) => ({ kind: 'log', level: fields.oneOf('level', logLevels), text: fields.string('text') }),
  render(output, view) {
    view.append(textLine(output.text, output.level));
  },
};
