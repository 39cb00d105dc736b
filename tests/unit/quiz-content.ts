import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { quizSchema, type QuizData } from '../../src/schemas/quiz.ts';

/** The course's real quizzes, parsed the way the site parses them, for tests that check the content. */

// js-yaml is what Astro itself parses content YAML with; it ships no types, so it is typed here.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

export const quizFolder = 'content/quizzes';

export interface QuizFile {
  /** The quiz id: the file name without ".yaml". */
  id: string;
  /** Path from the repository root, as authors know it. */
  file: string;
  /** Unparsed YAML, for checks of what authors wrote before defaults apply. */
  raw: unknown;
  data: QuizData;
}

/** Every quiz file, parsed by the quiz schema; throws with the file and the schema's messages if one breaks a rule. */
export function courseQuizzes(): QuizFile[] {
  return readdirSync(quizFolder)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const file = path.join(quizFolder, name);
      const raw = yaml.load(readFileSync(file, 'utf8'));
      const result = quizSchema.safeParse(raw);
      if (!result.success)
        throw new Error(
          `${file}:\n${result.error.issues.map((issue) => `- ${issue.path.join('.')}: ${issue.message}`).join('\n')}`,
        );
      return { id: name.replace(/\.yaml$/, ''), file, raw, data: result.data };
    });
}
