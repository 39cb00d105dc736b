/**
 * What a kind of quiz question decides: one module per kind in this folder, gathered in the table of
 * index.ts, which the compiler checks against the `QuestionKind` union.
 */

/** A question as a kind's own rules read it (the schema's shape, src/schemas/quiz.ts). */
export interface KindQuestion {
  id: string;
  context?: string | undefined;
  options: readonly unknown[];
}

/** A rule of the kind that a question breaks: where (a path, as schema issues use) and what to do. */
export interface KindProblem {
  path: string[];
  message: string;
}

export interface QuestionKindModule {
  /** The heading of a question without a title ("Scenario", "True or false?"). */
  heading: string;
  /**
   * Markup and answering: the learner writes an answer of their own before choosing (Quiz.astro draws the
   * box, the progress store keeps the draft), and after answering every option says why it is right or
   * wrong, beside the model answer (course-quiz.ts); otherwise only the chosen and the right option explain.
   */
  ownAnswerFirst: boolean;
  /** Option order: shuffled by a seed (src/quiz/option-order.ts), or as written ("True" before "False"). */
  optionOrder: 'shuffled' | 'written';
  /** Fairness: whether the rules about written-out options apply (the longest is not routinely right). */
  writtenChoice: boolean;
  /** The kind's own rules of shape, checked by the quiz schema; each problem names the question. */
  problems(question: KindQuestion): KindProblem[];
}
