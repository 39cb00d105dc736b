/**
 * Turns a lab's TypeScript into JavaScript for the worker, in the browser, with the TypeScript compiler
 * Monaco already loaded for the editor (no second compiler to download). It asks Monaco's second
 * TypeScript worker, set up in monaco-setup.ts to strip types only, so a run never waits for the
 * editor's type check. Types are erased, not enforced: like `tsx` or Vite, a program with type errors
 * still runs, and the editor underlines them. Syntax errors stop the run, since the code could not
 * mean what it says.
 */
import { languageWorker, monaco, typescript } from './monaco-setup.ts';
import type { LabModuleSource } from '../shared/protocol.ts';

export interface Problem {
  line: number;
  column: number;
  message: string;
}

/**
 * `typeErrors`: main.ts's type errors as far as the editor's check knows them when Run is pressed (see
 * `typeErrorsOf`); `typesChecked` is false when that check had not finished, so there may be more.
 */
export type TranspileResult =
  { ok: true; files: LabModuleSource[]; typeErrors: Problem[]; typesChecked: boolean } | { ok: false; problems: Problem[] };

/**
 * How long a run waits for the editor's type check of main.ts. The check of an edit takes milliseconds once
 * the editor has checked the program the first time; that first check reads all of TensorFlow.js's types
 * and can take seconds on a slow machine, and a run should not wait for it.
 */
const typeCheckWaitMs = 1_500;

type DiagnosticMessage = string | { messageText: string; next?: DiagnosticMessage[] };

function flatten(message: DiagnosticMessage): string {
  if (typeof message === 'string') return message;
  return [message.messageText, ...(message.next ?? []).map(flatten)].join(' ');
}

function fileName(uri: monaco.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** `ownCode`: main.ts is the lab's own, unedited, so it has no type errors to ask the editor for. */
export async function transpile(uris: readonly monaco.Uri[], mainUri: monaco.Uri, ownCode: boolean): Promise<TranspileResult> {
  const mainModel = monaco.editor.getModel(mainUri);
  if (!mainModel) throw new Error('The lab editor lost its main.ts model.');
  const getWorker = await languageWorker(typescript.getJavaScriptWorker);
  const worker = await getWorker(...uris);

  const syntaxErrors = await worker.getSyntacticDiagnostics(mainUri.toString());
  if (syntaxErrors.length > 0) {
    return {
      ok: false,
      problems: syntaxErrors.map((diagnostic) => {
        const position = mainModel.getPositionAt(diagnostic.start ?? 0);
        return { line: position.lineNumber, column: position.column, message: flatten(diagnostic.messageText) };
      }),
    };
  }

  const outputs = await Promise.all(uris.map((uri) => worker.getEmitOutput(uri.toString())));
  const files = uris.map((uri, index): LabModuleSource => {
    const outputFiles = outputs[index]?.outputFiles ?? [];
    const code = outputFiles.find((file) => file.name.endsWith('.js'))?.text;
    const sourceMap = outputFiles.find((file) => file.name.endsWith('.js.map'))?.text;
    if (code === undefined || sourceMap === undefined) {
      throw new Error(`TypeScript produced no JavaScript for ${fileName(uri)}.`);
    }
    return { path: fileName(uri), code, sourceMap };
  });
  const types = ownCode ? { typeErrors: [], typesChecked: true } : await typeErrorsOf(uris, mainModel);
  return { ok: true, files, ...types };
}

/**
 * main.ts's type errors, asked of the editor's TypeScript worker (the one that underlines them), for at most
 * `typeCheckWaitMs`: past that, the underlines the editor shows so far.
 */
async function typeErrorsOf(
  uris: readonly monaco.Uri[],
  mainModel: monaco.editor.ITextModel,
): Promise<{ typeErrors: Problem[]; typesChecked: boolean }> {
  const asked = (async () => {
    const getWorker = await languageWorker(typescript.getTypeScriptWorker);
    const worker = await getWorker(...uris);
    return worker.getSemanticDiagnostics(mainModel.uri.toString());
  })();
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), typeCheckWaitMs));
  const diagnostics = await Promise.race([asked.catch(() => null), timeout]);
  if (diagnostics === null) {
    const typeErrors = monaco.editor
      .getModelMarkers({ resource: mainModel.uri, owner: 'typescript' })
      .filter((marker) => marker.severity === monaco.MarkerSeverity.Error)
      .map((marker) => ({ line: marker.startLineNumber, column: marker.startColumn, message: marker.message }));
    return { typeErrors, typesChecked: false };
  }
  const typeErrors = diagnostics
    .filter((diagnostic) => diagnostic.category === 1)
    .map((diagnostic) => {
      const position = mainModel.getPositionAt(diagnostic.start ?? 0);
      return { line: position.lineNumber, column: position.column, message: flatten(diagnostic.messageText) };
    });
  return { typeErrors, typesChecked: true };
}

/** Starts the runner's TypeScript worker ahead of the first run of edited code, while the learner edits. */
export function warmUpTranspiler(): void {
  void languageWorker(typescript.getJavaScriptWorker)
    .then((getWorker) => getWorker())
    .catch(() => undefined);
}
