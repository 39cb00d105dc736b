/**
 * Monaco's TypeScript mode, which ships no declarations of its own: monaco-setup.ts starts its diagnostics
 * adapter by hand, with the first edit, instead of with the first model.
 */
declare module 'monaco-editor/languages/features/typescript/tsMode' {
  import type { IDisposable, Uri } from 'monaco-editor/editor';
  import type { LanguageServiceDefaults, TypeScriptWorker } from 'monaco-editor/languages/features/typescript/register';

  type WorkerAccessor = (...uris: Uri[]) => Promise<TypeScriptWorker>;

  export class LibFiles {
    constructor(worker: WorkerAccessor);
  }

  export class DiagnosticsAdapter implements IDisposable {
    constructor(libFiles: LibFiles, defaults: LanguageServiceDefaults, selector: string, worker: WorkerAccessor);
    dispose(): void;
  }
}
