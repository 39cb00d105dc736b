import type { QuestionKindModule } from './question-kind.ts';

/** A situation (its context), a question about it, the learner's own answer first, then the options. */
export const scenarioKind: QuestionKindModule = {
  heading: 'Scenario',
  ownAnswerFirst: true,
  optionOrder: 'shuffled',
  writtenChoice: true,
  problems: (question) => (question.context ? [] : [{ path: ['context'], message: `scenario "${question.id}" needs a context` }]),
};
