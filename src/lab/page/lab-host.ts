/**
 * What the lab client needs of the <course-lab> element it is mounted on: the element's one state field.
 * Its own module so that the element (lab-element.ts), which imports the client on demand, and the client
 * do not import each other.
 */
export type LabState = 'idle' | 'loading' | 'running' | 'done' | 'error';

/** The <course-lab> element as the lab client sees it. */
export interface LabHost extends HTMLElement {
  state: LabState;
}
