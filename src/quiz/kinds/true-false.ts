import type { QuestionKindModule } from './question-kind.ts';

/** A statement to judge: two options, shown as written, True before False as readers expect. */
export const trueFalseKind: QuestionKindModule = {
  heading: 'True or false?',
  ownAnswerFirst: false,
  optionOrder: 'written',
  // Nothing to lengthen: the options are "True" and "False".
  writtenChoice: false,
  problems: (question) =>
    question.options.length === 2
      ? []
      : [{ path: ['options'], message: `true/false question "${question.id}" needs exactly 2 options` }],
};
