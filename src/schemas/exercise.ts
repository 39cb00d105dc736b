import { z } from 'astro/zod';

/** The fields of exercise.json, in the order an author writes them; used in messages about unknown fields. */
const fieldNames = ['title', 'goal', 'hints', 'lesson'] as const;

/** "1e-8", "0.5" and "e.g." do not end sentences; a stop followed by a space or the end of the text does. */
export function sentenceCount(text: string): number {
  return text
    .replace(/\b(?:e\.g|i\.e|etc|vs)\./g, '')
    .split(/[.!?](?:\s+|$)/)
    .filter((sentence) => sentence.trim() !== '').length;
}

function text(what: string) {
  return z.string({ error: (issue) => (issue.input === undefined ? `is missing: add ${what}` : `must be text: ${what}`) });
}

/**
 * An exercise's description: `labs/<id>/exercise.json`, next to the starter (main.ts), the hidden check
 * (check.ts) and the reference solution (solution.ts). See labs/README.md, "Exercises".
 */
const exerciseSchema = z
  .object({
    /** The exercise's heading, an instruction in a few words, e.g. "Read the loss once per epoch". */
    title: text('a short heading such as "Read the loss once per epoch"')
      .trim()
      .min(3, 'is too short: write the task in a few words, e.g. "Read the loss once per epoch"')
      .max(80, 'is too long: keep the heading under 80 characters and put the detail in "goal"'),
    /**
     * What passes, in 1 to 4 sentences of plain text (backticks for code are fine): the exports the check
     * uses, and each thing it checks, so that a learner who does exactly this passes.
     */
    goal: text('1 to 4 sentences saying exactly what passes')
      .trim()
      .min(20, 'is too short: say in 1 to 4 sentences exactly what the check requires')
      .max(900, 'is too long: keep the goal to 1 to 4 sentences (under 900 characters); details belong in the hints')
      .refine((goal) => sentenceCount(goal) <= 4, {
        error: (issue) =>
          `has ${sentenceCount(String(issue.input))} sentences: keep the goal to 1 to 4 and move the rest to the hints`,
      }),
    /** 1 to 3 hints, revealed one at a time: from a gentle nudge to nearly the answer. */
    hints: z
      .array(text('a hint, one or two sentences').trim().min(10, 'has a hint too short to help: write a sentence'), {
        error: (issue) => (issue.input === undefined ? 'is missing: add 1 to 3 hints' : 'must be a list of 1 to 3 hints'),
      })
      .min(1, 'is empty: add 1 to 3 hints, from gentle to nearly the answer')
      .max(3, 'has more than 3 hints: keep the 3 most useful, from gentle to nearly the answer')
      .refine((hints) => new Set(hints).size === hints.length, 'repeats a hint: each hint should add something'),
    /** The lesson whose Practice this exercise belongs to: "<unit>/<lesson-slug>", e.g. "module-5/day-9-cpu-vs-gpu". */
    lesson: text('the lesson, e.g. "module-5/day-9-cpu-vs-gpu"').regex(
      /^[a-z0-9-]+\/[a-z0-9-]+$/,
      'must name a lesson as "<unit>/<lesson-slug>", e.g. "module-5/day-9-cpu-vs-gpu"',
    ),
  })
  .strict();

export type ExerciseData = z.infer<typeof exerciseSchema>;

/** Thrown when an exercise.json is not valid JSON or breaks the schema; one line per problem, each naming the file and the field. */
export class ExerciseFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.length === 1 ? problems[0] : `${file} has ${problems.length} problems:\n- ${problems.join('\n- ')}`);
    this.name = 'ExerciseFileError';
  }
}

function describeIssue(file: string, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => `${file}: unknown field "${key}". The fields are ${fieldNames.map((name) => `"${name}"`).join(', ')}.`)
      .join('\n');
  }
  if (issue.path.length === 0) {
    return `${file}: must be a JSON object with the fields ${fieldNames.map((name) => `"${name}"`).join(', ')}.`;
  }
  const [field, index] = issue.path;
  const where = typeof index === 'number' ? `field "${String(field)}", item ${index + 1},` : `field "${String(field)}"`;
  return `${file}: ${where} ${issue.message}.`;
}

/**
 * Reads exercise.json. `file` is how messages name it (e.g. 'labs/exercise-fair-timing/exercise.json').
 * Throws an `ExerciseFileError` naming the file and the field of every problem.
 */
export function parseExercise(json: string, file: string): ExerciseData {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ExerciseFileError(file, [`${file} is not valid JSON: ${(error as Error).message}.`]);
  }
  const result = exerciseSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ExerciseFileError(
    file,
    result.error.issues.flatMap((issue) => describeIssue(file, issue).split('\n')),
  );
}
