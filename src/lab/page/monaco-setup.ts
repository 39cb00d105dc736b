/**
 * Monaco, set up once per page for lab programs: the editor core with its standard features, the
 * TypeScript language service in its own worker, and the types a lab program sees: TensorFlow.js's
 * declarations (virtual:lab-tfjs-declarations, see src/lab/build) and the lab API (labs/api).
 *
 * Models live at the paths the files have in the repository (file:///labs/<id>/main.ts), so
 * `import type { Lab } from '../api'` and `import * as tf from '@tensorflow/tfjs'` resolve here exactly
 * as they do for tsc and Vitest.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/javascript/register';
import * as typescript from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import { DiagnosticsAdapter, LibFiles } from 'monaco-editor/languages/features/typescript/tsMode';
import tfjsDeclarations from 'virtual:lab-tfjs-declarations';

globalThis.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker();
  },
};

const compilerOptions: typescript.CompilerOptions = {
  target: typescript.ScriptTarget.ESNext,
  module: typescript.ModuleKind.ESNext,
  moduleResolution: typescript.ModuleResolutionKind.NodeJs,
  strict: true,
  skipLibCheck: true,
  // Lab files import each other as './model.ts', like the rest of the repository.
  allowImportingTsExtensions: true,
  // The page maps runtime errors back to TypeScript lines with these.
  sourceMap: true,
  newLine: typescript.NewLineKind.LineFeed,
  allowNonTsExtensions: true,
};

// The editor's service: knows every type, checks as you type.
typescript.typescriptDefaults.setCompilerOptions(compilerOptions);
// Models of a lab's helper files must reach the worker before the learner opens main.ts's imports.
typescript.typescriptDefaults.setEagerModelSync(true);
// Monaco's diagnostics adapter starts the TypeScript worker the moment a model exists, and inlay hints ask
// it on every screenful of code, even while their options are all off: each first answer builds the whole
// program (1.5 MB of TensorFlow.js's types). Inlay hints stay off; diagnostics start with the first edit
// (startTypeChecking). Every lab's own code type-checks clean (`npm run typecheck` checks labs/, strict,
// like the editor), so checking it as the page opens would spend seconds of the learner's CPU to find
// nothing, and start a 7 MB worker a learner who only reads and runs never uses.
typescript.typescriptDefaults.setModeConfiguration({
  ...typescript.typescriptDefaults.modeConfiguration,
  inlayHints: false,
  diagnostics: false,
});

/** `getTypeScriptWorker` or `getJavaScriptWorker`, once Monaco has set up that language (asynchronously, after its first model). */
export async function languageWorker<Worker>(get: () => Promise<Worker>): Promise<Worker> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await get();
    } catch (error) {
      // "TypeScript not registered!": the language's first model appeared a moment ago.
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

let typeChecking: Promise<unknown> | undefined;

/**
 * Starts the editor's TypeScript service and its diagnostics, for every lab on the page, once code differs
 * from the lab's own: the adapter Monaco would have started with the first model (see above).
 */
export function startTypeChecking(): void {
  typeChecking ??= languageWorker(typescript.getTypeScriptWorker).then(
    (worker) => new DiagnosticsAdapter(new LibFiles(worker), typescript.typescriptDefaults, 'typescript', worker),
  );
}

/** The lab API's source files (labs/api/*.ts), at their repository paths. */
const labApiSources = import.meta.glob<string>('/labs/api/*.ts', { query: '?raw', import: 'default', eager: true });

typescript.typescriptDefaults.setExtraLibs([
  ...tfjsDeclarations.map(({ path, content }) => ({ filePath: `file:///${path}`, content })),
  ...Object.entries(labApiSources).map(([path, content]) => ({ filePath: `file://${path}`, content })),
]);

// The runner's service, for edited code (the build compiled each lab's own): Monaco's second TypeScript
// worker (the one meant for JavaScript files, which labs never use) only strips types to emit JavaScript.
// Without any libraries it answers in milliseconds, and it never queues behind the editor's type check,
// which on a slow machine can take ten seconds after the lab opens.
typescript.javascriptDefaults.setCompilerOptions({ ...compilerOptions, noLib: true });
// No diagnostics adapter either: it would start the worker for the throwaway model below, as the page opens.
typescript.javascriptDefaults.setModeConfiguration({ ...typescript.javascriptDefaults.modeConfiguration, diagnostics: false });
// Monaco starts a language's service when the first model in that language appears; lab models are
// all TypeScript, so a throwaway JavaScript model starts the runner's service.
monaco.editor.createModel('', 'javascript').dispose();

// Monaco's dark theme draws comments at 4.2:1 contrast; WCAG AA asks for 4.5:1.
monaco.editor.defineTheme('course-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '6a9955' }],
  colors: {},
});

function siteTheme(): string {
  return document.documentElement.dataset.theme === 'dark' ? 'course-dark' : 'vs';
}

monaco.editor.setTheme(siteTheme());
document.addEventListener('course-theme-change', () => monaco.editor.setTheme(siteTheme()));

export { monaco, typescript };
