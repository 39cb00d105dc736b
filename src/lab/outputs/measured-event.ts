/**
 * How a figure from `lab.measured` travels from the output panel to the page around the lab: a bubbling
 * DOM event, dispatched from the output line inside <course-lab>, so any element of the page (a
 * <course-prediction> above the lab) can hear it on `document`. Apart from measured.ts so the page's
 * listeners import a name and a type, not the output's renderer and stylesheet.
 */
export const labMeasuredEvent = 'lab-measured';

/** A figure's id: lower-case words joined by hyphens, so it sits in a `data-prediction` attribute as it is. */
export const measuredIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface LabMeasuredDetail {
  /** The figure's id: the `data-prediction` of the prompt that asked for it. */
  id: string;
  /** What the run measured, or null when it found none (e.g. no size where the GPU won). */
  value: number | null;
  /** The unit the value is in, e.g. "×", "MB", "n". */
  unit: string;
}
