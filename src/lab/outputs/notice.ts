/**
 * What the page itself says about a run (which backend runs, errors, tensors left alive, Stop), set apart
 * from the program's own output. Page-made only: the worker cannot send a notice.
 */
import type { LogLevel } from './log.ts';
import { element } from './output-kind.ts';
import './notice.css';

export interface NoticeOutput {
  kind: 'notice';
  level: LogLevel;
  text: string;
  /** Shown below the text in monospace, e.g. a stack trace. */
  detail?: string;
}

export function renderNotice(notice: NoticeOutput): HTMLElement {
  const box = element('div', `lab-notice lab-notice-${notice.level}`);
  box.append(element('p', 'lab-notice-text', notice.text));
  if (notice.detail) box.append(element('pre', 'lab-notice-detail', notice.detail));
  return box;
}
