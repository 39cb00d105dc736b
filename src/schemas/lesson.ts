import { z } from 'astro/zod';

/** A lesson page, written in MDX under `content/lessons/<unit>/`. */
export const lessonSchema = z
  .object({
    /** The lesson's title, shown as its heading and in the sidebar. */
    title: z.string().min(1),
    /** One sentence for search results, the unit page and the meta description. */
    description: z.string().min(20),
    /** The id of the unit this lesson belongs to: the file name of a unit in `content/units/`, e.g. "module-5". */
    unit: z.string().min(1),
    /** Position inside its unit (1, 2, 3 …); unique per unit, and it drives previous/next links. */
    order: z.number().int().positive(),
    /**
     * What the learner will be able to do after the lesson; shown at the top of the page. The minutes a
     * lesson takes are computed from its content (src/lib/lesson-load.ts), not written here.
     */
    objectives: z.array(z.string().min(1)).min(1),
    /** A short label shown before the title in the sidebar, e.g. "Day 9". Optional. */
    badge: z.string().min(1).optional(),
  })
  .strict();

export type LessonData = z.infer<typeof lessonSchema>;
