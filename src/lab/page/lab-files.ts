/**
 * A lab's files as the page receives them: Lab.astro puts them in a JSON script in the page, each with
 * its TypeScript (for the editor) and the JavaScript the build compiled from it (build/compile-lab.ts), so
 * Run can start the original program at once, before the editor and its TypeScript service have loaded.
 *
 * Shape: [{ "path": "main.ts", "source": "<TypeScript>", "code": "<JavaScript>", "sourceMap": "<JSON>" }, …]
 * main.ts first; after the lab's own files come the contract modules it imports at run time, at paths such
 * as "../api/results-file.ts" (build/compile-lab.ts). Read defensively: a page that lacks it, or has it damaged, says so instead of running.
 */
import type { LabModuleSource } from '../shared/protocol.ts';

export interface LabFile extends LabModuleSource {
  /** The TypeScript the learner sees; `code` and `sourceMap` were compiled from it. */
  source: string;
}

function isLabFile(value: unknown): value is LabFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Record<string, unknown>;
  return ['path', 'source', 'code', 'sourceMap'].every((key) => typeof file[key] === 'string');
}

/** The files in `json`; throws, saying which part of the page is wrong, when they are not all readable. */
export function readLabFiles(json: string): LabFile[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every(isLabFile)) {
    throw new Error('The lab files in this page are damaged (Lab.astro writes them as JSON); rebuild the site.');
  }
  if (!parsed.some((file) => file.path === 'main.ts')) throw new Error('The lab has no main.ts.');
  return parsed;
}

/** The compiled program, as the worker links it. */
export function compiledProgram(files: readonly LabFile[]): LabModuleSource[] {
  return files.map(({ path, code, sourceMap }) => ({ path, code, sourceMap }));
}

/**
 * An exercise's bundled check, as Lab.astro puts it in the page (`{"code": "<JavaScript>"}`); null when the
 * lab is no exercise. Throws, saying which part of the page is wrong, when it is there but unreadable.
 */
export function readExerciseCheck(json: string | null | undefined): string | null {
  if (json === null || json === undefined) return null;
  const parsed: unknown = JSON.parse(json);
  const code = typeof parsed === 'object' && parsed !== null ? (parsed as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || code === '') {
    throw new Error("The exercise's check in this page is damaged (Lab.astro writes it as JSON); rebuild the site.");
  }
  return code;
}
