import { z } from 'astro/zod';

/** A unit of the course (Module 5, Week 6, the project): a group of lessons with its own page. */
export const unitSchema = z
  .object({
    /** The unit's full title, e.g. "Module 5 — GPU Acceleration & CUDA". */
    title: z.string().min(1),
    /** A short label for the sidebar and breadcrumbs, e.g. "Module 5". */
    label: z.string().min(1),
    /** One or two sentences for the course map and the page's meta description. */
    description: z.string().min(20),
    /** Position on the course map; units are listed in ascending order and must not share a number. */
    order: z.number().int().positive(),
    /** What a learner can do after the unit, one short phrase each, shown on the home page. */
    teaches: z.array(z.string().min(1)).min(1),
  })
  .strict();

export type UnitData = z.infer<typeof unitSchema>;
