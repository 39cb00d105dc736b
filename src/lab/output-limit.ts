/**
 * Caps what one run may send to the page. A program stuck in `while (true) lab.log(…)` would otherwise
 * post millions of messages and bury the page; after the cap, log lines are dropped with one notice.
 * Charts, tables and progress are not capped here: the page caps chart points and redraws per frame.
 */
import type { EmitOutput } from './create-lab.ts';

const maxLogLinesPerRun = 5_000;

export function limitOutput(emit: EmitOutput, maxLogLines = maxLogLinesPerRun): EmitOutput {
  let logLines = 0;
  return (output) => {
    if (output.kind !== 'log') return emit(output);
    logLines++;
    if (logLines <= maxLogLines) return emit(output);
    if (logLines === maxLogLines + 1) {
      emit({
        kind: 'log',
        level: 'warn',
        text: `Output limit reached: more than ${maxLogLines} lines were logged, so the rest are dropped.`,
      });
    }
  };
}
