import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { unitSchema } from './schemas/unit.ts';
import { lessonSchema } from './schemas/lesson.ts';
import { quizSchema } from './schemas/quiz.ts';
import { withYamlSyntaxHints } from './lib/yaml-syntax-hint.ts';

/** Course units: `content/units/<id>.md`. */
const units = defineCollection({
  loader: glob({ base: './content/units', pattern: '*.md' }),
  schema: unitSchema,
});

/** Lessons: `content/lessons/<unit>/<slug>.mdx`; the id is "<unit>/<slug>". */
const lessons = defineCollection({
  loader: glob({ base: './content/lessons', pattern: '**/*.mdx' }),
  schema: lessonSchema,
});

/**
 * Quizzes: `content/quizzes/<id>.yaml`, embedded in lessons with <Quiz id="<id>" />. A YAML syntax error
 * names the file and line and says what to fix (src/lib/yaml-syntax-hint.ts).
 */
const quizzes = defineCollection({
  loader: withYamlSyntaxHints(glob({ base: './content/quizzes', pattern: '*.yaml' })),
  schema: quizSchema,
});

export const collections = { units, lessons, quizzes };
