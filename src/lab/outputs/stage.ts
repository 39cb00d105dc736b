/**
 * `lab.stage`: a long run's stages (data, threads, each backend, verdict). Each stage is a <details> in the
 * output whose body holds the outputs the stage made; the current one stays open and the one before folds
 * away, marked done, so a run of many blocks reads as a short list. The last one stays open at the end. A later 'stage' output with the same
 * id (`Stage.now`) updates what the run's header says; the output panel reads that from the drawn output.
 */
import { backendLabel, isBackendName } from '../shared/backends.ts';
import { element, type OutputKind, type OutputView } from './output-kind.ts';
import './stage.css';

export interface StageOutput {
  kind: 'stage';
  /** Counts from 1 per run; outputs with the same id are one stage. */
  stageId: number;
  name: string;
  /** What the stage does, e.g. '2,000 images, 2 epochs'. */
  detail?: string;
  /** Where the stage is now, e.g. 'epoch 2 of 3' (`Stage.now`). */
  now?: string;
  /** The backend TensorFlow.js ran on when the stage started or last said where it is. */
  backend: string;
}

/** The page's name of a backend the worker reports; unknown names as they are. */
export function backendWords(backend: string): string {
  return isBackendName(backend) ? backendLabel(backend) : backend;
}

interface StageSection {
  details: HTMLDetailsElement;
  state: HTMLElement;
  body: HTMLElement;
}

interface Stages {
  byId: Map<number, StageSection>;
  current: StageSection | undefined;
}

const stagesKey = Symbol('stages');

function stagesOf(view: OutputView): Stages {
  return view.state(stagesKey, () => ({ byId: new Map<number, StageSection>(), current: undefined }));
}

function markDone(section: StageSection, fold: boolean): void {
  if (fold) section.details.open = false;
  section.details.dataset.stageState = 'done';
  section.state.textContent = 'done';
}

/**
 * Marks the last stage done: the run finished. It stays open, as what it shows (a run's results) is what
 * the learner reads next. A run that failed leaves it running, to read why.
 */
export function finishStages(view: OutputView): void {
  const stages = stagesOf(view);
  if (stages.current) markDone(stages.current, false);
  stages.current = undefined;
}

export const stageKind: OutputKind<StageOutput> = {
  read: (fields) => ({
    kind: 'stage',
    stageId: fields.count('stageId'),
    name: fields.label('name'),
    detail: fields.optionalLabel('detail'),
    now: fields.optionalLabel('now'),
    backend: fields.label('backend'),
  }),
  render(output, view) {
    const stages = stagesOf(view);
    if (stages.byId.has(output.stageId)) return;
    if (stages.current) markDone(stages.current, true);
    const details = element('details', 'lab-stage');
    details.open = true;
    details.dataset.stageState = 'running';
    details.dataset.stage = output.name;
    const summary = element('summary', 'lab-stage-summary');
    const state = element('span', 'lab-stage-state', 'running');
    summary.append(element('span', 'lab-stage-name', output.name));
    if (output.detail) summary.append(element('span', 'lab-stage-detail', output.detail));
    summary.append(state);
    const body = element('div', 'lab-stage-body');
    details.append(summary, body);
    // Stages are a list in the output, never one inside another.
    view.into(null);
    view.append(details);
    // What the program shows from now on belongs to this stage.
    view.into(body);
    const section = { details, state, body };
    stages.byId.set(output.stageId, section);
    stages.current = section;
  },
  replaces: (output) => `stage ${output.stageId}`,
};
