/**
 * Finds where in the learner's TypeScript an error happened. The worker names frames in lab files
 * `lab:<file>:<line>:<column>` (positions in the emitted JavaScript); the source maps TypeScript wrote
 * alongside turn those into lines and columns of the .ts file the learner sees.
 */
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import type { SerializedError } from '../shared/protocol.ts';

/** A position in a lab's TypeScript file; line and column count from 1. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * The frames of an error's stack, without the "Name: message" V8 puts first: a message may contain
 * anything, positions included, and those are no frames.
 */
export function stackFrames({ name, message, stack }: SerializedError): string {
  const header = message ? `${name}: ${message}` : name;
  return stack.startsWith(header) ? stack.slice(header.length) : stack;
}

/**
 * Frames in lab files, innermost first, with positions in the emitted JavaScript. Positions that cannot
 * be (line 0: lines count from 1) are skipped.
 */
export function labFrames(stack: string): SourceLocation[] {
  const frames: SourceLocation[] = [];
  for (const match of stack.matchAll(/lab:([\w.-]+\.ts):(\d+):(\d+)/g)) {
    const line = Number(match[2]);
    const column = Number(match[3]);
    if (Number.isSafeInteger(line) && line >= 1 && Number.isSafeInteger(column)) {
      frames.push({ file: match[1] ?? '', line, column });
    }
  }
  return frames;
}

/** Source maps by lab file, parsed once per run. */
export class SourceMaps {
  #maps = new Map<string, TraceMap>();

  constructor(sourceMapByFile: ReadonlyMap<string, string>) {
    for (const [file, json] of sourceMapByFile) this.#maps.set(file, new TraceMap(json));
  }

  /** The TypeScript position of a JavaScript position, or the JavaScript one when the map has no answer. */
  original(location: SourceLocation): SourceLocation {
    const map = this.#maps.get(location.file);
    if (!map || location.line < 1) return location;
    try {
      const found = originalPositionFor(map, { line: location.line, column: Math.max(0, location.column - 1) });
      if (found.line === null) return location;
      return { file: location.file, line: found.line, column: found.column + 1 };
    } catch {
      // trace-mapping refuses positions it cannot look up; the JavaScript position is the best there is.
      return location;
    }
  }

  /**
   * The innermost frame of the stack that lies in a file of this lab (or in `file`, if given), in
   * TypeScript terms. Frames naming files the lab does not have are skipped.
   */
  locate(stack: string, file?: string): SourceLocation | null {
    const frame = labFrames(stack).find(
      (candidate) => this.#maps.has(candidate.file) && (file === undefined || candidate.file === file),
    );
    return frame ? this.original(frame) : null;
  }

  /** The stack with every lab frame rewritten to `file.ts:line:column`, and other frames kept as they are. */
  rewrite(stack: string): string {
    return stack.replace(/lab:([\w.-]+\.ts):(\d+):(\d+)/g, (_match, file: string, line: string, column: string) => {
      const original = this.original({ file, line: Number(line), column: Number(column) });
      return `${original.file}:${original.line}:${original.column}`;
    });
  }
}
