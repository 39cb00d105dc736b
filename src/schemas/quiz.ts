import { z } from 'astro/zod';
import { questionFairnessProblems, quizWideFairnessProblems } from '../lib/quiz-fairness.ts';
import { questionKindNames, questionKinds } from '../quiz/kinds/index.ts';

/** One answer a learner can pick. */
const optionSchema = z
  .object({
    /** Stable id inside its question ("a", "b", "true", …): progress is stored by it. */
    id: z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and dashes'),
    /** What the learner reads next to the radio button. */
    text: z.string().min(1),
    /** Whether this option is right. Exactly one option per question is. */
    correct: z.boolean().default(false),
    /**
     * Why this option is right or wrong; shown once the learner has answered. Required for every option:
     * the question's check (src/lib/quiz-fairness.ts) reports a missing one by question and option id.
     */
    explanation: z.string().default(''),
  })
  .strict();

/** One question: a scenario (context + question), a true/false statement or a plain check. */
const questionSchema = z
  .object({
    /** Stable id inside its quiz: progress is stored by it. */
    id: z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and dashes'),
    /**
     * "scenario" shows a context and a free-text box before the options; "true-false" and "choice" do not.
     * Each kind is a module of src/quiz/kinds/.
     */
    kind: z.enum(questionKindNames),
    /** A short title, e.g. "Out of memory at a larger batch size". Optional. */
    title: z.string().min(1).optional(),
    /** For scenarios: the situation the question is about. */
    context: z.string().min(1).optional(),
    /** The question itself, or the statement to judge for true/false. */
    stem: z.string().min(1),
    /**
     * The answers to choose from: 2 for true/false, 2 to 4 otherwise. The page shows choice and scenario
     * options in a fixed shuffled order (src/quiz/option-order.ts), true/false in the order written here.
     * Wrong options are real misconceptions, as specific as the right one; no two say the same thing.
     */
    options: z.array(optionSchema).min(2).max(4),
    /** A longer worked answer shown after answering (scenarios). Optional. */
    modelAnswer: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((question, ctx) => {
    const correct = question.options.filter((option) => option.correct).length;
    if (correct !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `question "${question.id}" has ${correct} options marked correct: true; mark exactly one`,
      });
    }
    for (const problem of questionKinds[question.kind].problems(question)) ctx.addIssue({ code: 'custom', ...problem });
    const ids = question.options.map((option) => option.id);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `option id "${duplicate}" is used twice in question "${question.id}"`,
      });
    }
    for (const problem of questionFairnessProblems(question)) ctx.addIssue({ code: 'custom', ...problem });
  });

/**
 * A quiz: an ordered list of questions, embedded in lessons with <Quiz id="…" />. Besides the shape, it
 * enforces the fairness rules of src/lib/quiz-fairness.ts, among them: the right option is the longest, or
 * the only one without an absolute word, in at most a third of the choice and scenario questions; at
 * least a third of the true/false statements with an absolute word are true.
 */
export const quizSchema = z
  .object({
    /** The quiz's heading on the page. */
    title: z.string().min(1),
    /** One sentence shown under the heading. Optional. */
    description: z.string().min(1).optional(),
    /** The questions, in the order they are asked. */
    questions: z.array(questionSchema).min(1),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    const ids = quiz.questions.map((question) => question.id);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) {
      ctx.addIssue({
        code: 'custom',
        path: ['questions'],
        message: `question id "${duplicate}" is used twice; ids must be unique in a quiz`,
      });
    }
    for (const problem of quizWideFairnessProblems(quiz)) ctx.addIssue({ code: 'custom', ...problem });
  });

export type QuizData = z.infer<typeof quizSchema>;
export type QuestionData = z.infer<typeof questionSchema>;
export type OptionData = z.infer<typeof optionSchema>;
