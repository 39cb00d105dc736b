/**
 * Every kind of quiz question, in one table, like the lab's output kinds (src/lab/outputs/index.ts). A
 * kind is one module of this folder (its heading, its markup and answering, its option order, whether the
 * fairness rules apply, its own rules of shape); the schema's `kind` enum is this table's keys, and the
 * compiler refuses the table until every kind of `QuestionKind` has its module. To add a kind, see
 * docs/architecture.md, "Adding things".
 */
import { choiceKind } from './choice.ts';
import type { QuestionKindModule } from './question-kind.ts';
import { scenarioKind } from './scenario.ts';
import { trueFalseKind } from './true-false.ts';

export type QuestionKind = 'scenario' | 'true-false' | 'choice';

export const questionKinds = {
  scenario: scenarioKind,
  'true-false': trueFalseKind,
  choice: choiceKind,
} as const satisfies Record<QuestionKind, QuestionKindModule>;

/** The kinds' names, for the schema's enum. */
export const questionKindNames = Object.keys(questionKinds) as [QuestionKind, ...QuestionKind[]];
