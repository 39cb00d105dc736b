import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { unitSchema } from './schemas/unit.ts';
import { lessonSchema } from './schemas/lesson.ts';
import { quizSchema } from './schemas/quiz.ts';
import { glossaryEntrySchema } from './schemas/glossary.ts';
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

/**
 * The glossary: one list in `content/glossary.yaml`, an entry per term, shown on /glossary/. The rules
 * across entries (unique ids and aliases) run when astro.config.mjs loads the same file for the remark
 * plugin that links terms in lessons (src/integrations/glossary-terms.ts), so a mistake fails the build
 * before any page renders.
 */
const glossary = defineCollection({
  loader: file('content/glossary.yaml'),
  schema: glossaryEntrySchema,
});

export const collections = { units, lessons, quizzes, glossary };
