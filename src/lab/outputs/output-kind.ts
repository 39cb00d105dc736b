/**
 * What one kind of lab output provides: how the page checks it where it arrives from the worker, and
 * how it draws it. Each kind lives in one module of this folder with its type and its stylesheet; the
 * table in index.ts collects them, and the compiler checks that it has every kind.
 */
import type { Fields } from './fields.ts';

/** Where a kind draws, for one run's output; cleared when the next run starts. */
export interface OutputView {
  /** Adds a block at the end of the output (of the current stage's section, once a run has stages). */
  append(node: Node): void;
  /** Puts a block at the very top of the output, before every stage: where a run's verdict goes. */
  placeFirst(node: Node): void;
  /** Outputs appended from now on go into `container` (a stage's section, see stage.ts); null: the output itself. */
  into(container: Element | null): void;
  /**
   * State a kind keeps across the outputs of one run (the charts that later points go to, the progress
   * bars that later updates move), created on first use and dropped with the output.
   */
  state<T>(key: symbol, create: () => T): T;
  /** Aborted when the output is cleared: for listeners to remove and object URLs to revoke. */
  readonly cleared: AbortSignal;
  /**
   * Counts `elements` just drawn against this frame's share; once the share is used up, resolves at the
   * next animation frame, so that a large output (a table of many rows) is drawn over several frames and
   * the page keeps answering. Await it between parts of a large output; small ones need not call it.
   */
  pace(elements: number): Promise<void>;
  /**
   * Whether outputs wait to be drawn past the frame they arrived in: the panel is behind. The chart drawer
   * leaves such frames to the panel, so that a run's outputs and its "Done" come before Chart.js's drawing.
   */
  behind(): boolean;
}

export interface OutputKind<Output extends { kind: string }> {
  /**
   * Reads the fields of an output that came from the worker (`kind` is already checked); throws
   * `InvalidMessageError` naming the first bad field. Fields it does not read are refused afterwards.
   */
  read(fields: Fields): Output;
  /** Draws the output; may be async (charts load Chart.js on first use). Text goes in as text, never as HTML. */
  render(output: Output, view: OutputView): void | Promise<void>;
  /**
   * For outputs that supersede each other (a progress bar's updates): a key shared by those outputs. While
   * one waits to be drawn, a later one with the same key takes its place, so a flood of updates costs one
   * draw per frame.
   */
  replaces?(output: Output): string;
  /**
   * For outputs that add no element (a chart's points): takes the output as it arrives, without queueing
   * it for a frame, and returns true; false when it must wait its turn (what it belongs to is not drawn
   * yet), and then it is queued and rendered like any other. Thousands of such outputs a run would
   * otherwise each wait in the queue, and the run's "Done", which waits for the queue, with them.
   */
  absorb?(output: Output, view: OutputView): boolean;
}

/** Makes an element with a class and text content: how every kind builds its DOM. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
