/**
 * Turns a lab's TypeScript into JavaScript for the worker, in the browser, with the TypeScript compiler
 * Monaco already loaded for the editor (no second compiler to download). It asks Monaco's second
 * TypeScript worker, set up in monaco-setup.ts to strip types only, so a run never waits for the
 * editor's type check. Types are erased, not enforced: like `tsx` or Vite, a program with type errors
 * still runs, and the editor underlines them. Syntax errors stop the run, since the code could not
 * mean what it says.
 */
import { monaco, typescript } from './monaco-setup.ts';
import type { LabModuleSource } from '../shared/protocol.ts';

export interface Problem {
  line: number;
  column: number;
  message: string;
}

export type TranspileResult = { ok: true; files: LabModuleSource[]; typeErrors: number } | { ok: false; problems: Problem[] };

type DiagnosticMessage = string | { messageText: string; next?: DiagnosticMessage[] };

function flatten(message: DiagnosticMessage): string {
  if (typeof message === 'string') return message;
  return [message.messageText, ...(message.next ?? []).map(flatten)].join(' ');
}

function fileName(uri: monaco.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/**
 * Monaco sets up its JavaScript service asynchronously after the first JavaScript model appears
 * (monaco-setup.ts creates one); until then `getJavaScriptWorker` rejects with "JavaScript not
 * registered!". A Run pressed while the editor is still loading waits for it, up to a few seconds.
 */
async function javaScriptWorker(): ReturnType<typeof typescript.getJavaScriptWorker> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await typescript.getJavaScriptWorker();
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export async function transpile(uris: readonly monaco.Uri[], mainUri: monaco.Uri): Promise<TranspileResult> {
  const mainModel = monaco.editor.getModel(mainUri);
  if (!mainModel) throw new Error('The lab editor lost its main.ts model.');
  const getWorker = await javaScriptWorker();
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
  // The editor's own diagnostics already hold the type errors; asking again would make the run wait
  // for a full type check.
  const typeErrors = monaco.editor
    .getModelMarkers({ resource: mainUri, owner: 'typescript' })
    .filter((marker) => marker.severity === monaco.MarkerSeverity.Error).length;
  return { ok: true, files, typeErrors };
}

/** Starts the runner's TypeScript worker ahead of the first run, while the learner reads the code. */
export function warmUpTranspiler(): void {
  void javaScriptWorker()
    .then((getWorker) => getWorker())
    .catch(() => undefined);
}
