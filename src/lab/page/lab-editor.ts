/**
 * The editor of one lab: main.ts editable in Monaco, the lab's helper files loaded as read-only models
 * so types and imports resolve, the marks a failed run leaves on the line that failed, and the
 * TypeScript that turns edited code into JavaScript to run. Monaco is large, so the lab client imports
 * this module on its own, after a run started at once has shown its first output.
 */
import { monaco, startTypeChecking } from './monaco-setup.ts';
import { transpile, warmUpTranspiler, type TranspileResult } from './transpile.ts';
import type { LabFile } from './lab-files.ts';
import { isContractPath } from '../shared/lab-paths.ts';
import './lab-editor.css';

export interface LabEditorOptions {
  labId: string;
  files: readonly Pick<LabFile, 'path' | 'source'>[];
  /** The code to start with (a saved edit, or the original main.ts). */
  initialCode: string;
  onChange: (code: string) => void;
  onRunShortcut: () => void;
}

/** What edited code needs from TypeScript: the editor's check, and the transpiler that Run will ask. */
function startEditedCodeServices(): void {
  startTypeChecking();
  warmUpTranspiler();
}

/** Runtime errors get their own marker owner, so TypeScript's own diagnostics are left alone. */
const runMarkerOwner = 'lab-run';
const maxVisibleLines = 36;
const minVisibleLines = 8;

export class LabEditor {
  readonly #editor: monaco.editor.IStandaloneCodeEditor;
  readonly #model: monaco.editor.ITextModel;
  readonly #models: monaco.editor.ITextModel[];
  readonly #errorLines: monaco.editor.IEditorDecorationsCollection;
  readonly #host: HTMLElement;
  /** The lab's own main.ts, which `npm run typecheck` has checked already. */
  readonly #ownCode: string | undefined;

  constructor(host: HTMLElement, options: LabEditorOptions) {
    this.#host = host;
    // Contract modules (../api/…) are known to the editor already, at their own paths (monaco-setup.ts).
    this.#models = options.files
      .filter((file) => !isContractPath(file.path))
      .map((file) => {
        const uri = monaco.Uri.parse(`file:///labs/${options.labId}/${file.path}`);
        // A page never embeds the same lab twice, but a model left over from a failed mount must not block this one.
        monaco.editor.getModel(uri)?.dispose();
        const source = file.path === 'main.ts' ? options.initialCode : file.source;
        return monaco.editor.createModel(source, 'typescript', uri);
      });
    const main = this.#models.find((model) => model.uri.path.endsWith('/main.ts'));
    if (!main) throw new Error(`Lab "${options.labId}" has no main.ts.`);
    this.#model = main;

    this.#editor = monaco.editor.create(host, {
      model: main,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 14,
      tabSize: 2,
      glyphMargin: true,
      fixedOverflowWidgets: true,
      scrollbar: { alwaysConsumeMouseWheel: false },
      // On a phone the editor is narrow: wrap long comments instead of hiding them off to the right.
      wordWrap: 'on',
      wrappingIndent: 'indent',
      // Lab code uses × and similar symbols on purpose; invisible characters are still flagged.
      unicodeHighlight: { ambiguousCharacters: false },
      // The number of the empty line after the last newline is drawn dimmed by default, below the contrast
      // every other line number meets; it is a line like the others.
      renderFinalNewline: 'on',
      // TypeScript offers quick fixes only for an error's marker, whose hover has its own "Quick Fix" link; the
      // light bulb would ask the TypeScript service at every cursor move, starting a whole-program build as
      // the page opens.
      lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.Off },
      // The lines that stay on top while scrolling follow the indentation: built from TypeScript's outline by
      // default, they would start its service as the page opens.
      stickyScroll: { enabled: true, defaultModel: 'indentationModel' },
      ariaLabel: `Code of the ${options.labId} lab (main.ts), editable. Press Control+Enter to run it.`,
    });
    this.#errorLines = this.#editor.createDecorationsCollection();
    this.#editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => options.onRunShortcut());
    // A saved edit may hold a type error the learner should see at once; the lab's own code cannot, and runs
    // as the build compiled it, so a learner who only reads and runs never starts TypeScript at all.
    this.#ownCode = options.files.find((file) => file.path === 'main.ts')?.source;
    if (options.initialCode !== this.#ownCode) startEditedCodeServices();
    this.#editor.onDidChangeModelContent(() => {
      startEditedCodeServices();
      this.clearRunError();
      options.onChange(this.code);
    });
    this.#editor.onDidContentSizeChange(() => this.#fitHeight());
    this.#fitHeight();
  }

  /** The lab's files as JavaScript, with the code now in the editor as main.ts. */
  transpile(): Promise<TranspileResult> {
    return transpile(
      this.#models.map((model) => model.uri),
      this.#model.uri,
      this.code === this.#ownCode,
    );
  }

  get code(): string {
    return this.#model.getValue();
  }

  /** Replaces the code as one undoable edit, so Ctrl+Z brings the learner's version back. */
  replaceCode(code: string): void {
    this.#editor.pushUndoStop();
    this.#editor.executeEdits('reset-code', [{ range: this.#model.getFullModelRange(), text: code }]);
    this.#editor.pushUndoStop();
  }

  /**
   * Underlines the failing line, marks it in the margin and scrolls it into view. The message is the
   * program's own (any text an error carries), so it is shown only as a marker's message, which Monaco's
   * hover prints as plain text: a hover message would be rendered as Markdown, links to other sites
   * included.
   */
  markRunError(line: number, column: number, message: string): void {
    const lineNumber = Math.min(Math.max(1, line), this.#model.getLineCount());
    const startColumn = Math.min(Math.max(1, column), this.#model.getLineMaxColumn(lineNumber));
    monaco.editor.setModelMarkers(this.#model, runMarkerOwner, [
      {
        severity: monaco.MarkerSeverity.Error,
        message,
        startLineNumber: lineNumber,
        startColumn,
        endLineNumber: lineNumber,
        endColumn: this.#model.getLineMaxColumn(lineNumber),
      },
    ]);
    this.#errorLines.set([
      {
        range: new monaco.Range(lineNumber, 1, lineNumber, 1),
        options: {
          isWholeLine: true,
          className: 'lab-error-line',
          glyphMarginClassName: 'lab-error-glyph',
        },
      },
    ]);
    this.#editor.revealLineInCenterIfOutsideViewport(lineNumber);
  }

  clearRunError(): void {
    monaco.editor.setModelMarkers(this.#model, runMarkerOwner, []);
    this.#errorLines.clear();
  }

  focus(): void {
    this.#editor.focus();
  }

  /** Grows with the code up to a limit, so short programs need no inner scrolling. */
  #fitHeight(): void {
    const lineHeight = this.#editor.getOption(monaco.editor.EditorOption.lineHeight);
    const height = Math.min(
      Math.max(this.#editor.getContentHeight(), minVisibleLines * lineHeight),
      maxVisibleLines * lineHeight,
    );
    this.#host.style.height = `${height}px`;
  }
}
