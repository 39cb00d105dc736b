import type { QuestionKindModule } from './question-kind.ts';

/** A plain question with 2 to 4 written-out options. */
export const choiceKind: QuestionKindModule = {
  heading: 'Question',
  ownAnswerFirst: false,
  optionOrder: 'shuffled',
  writtenChoice: true,
  problems: () => [],
};
