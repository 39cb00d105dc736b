import { z } from 'astro/zod';

/**
 * One glossary entry: content/glossary.yaml holds a list of them. The glossary page shows every entry,
 * and the build links the first use of each term in every lesson to it (src/integrations/glossary-terms.ts).
 */
export const glossaryEntrySchema = z
  .object({
    /** Stable id: the anchor on the glossary page (/glossary/#<id>) and part of each tooltip's id. */
    id: z.string().regex(/^[a-z0-9-]+$/, 'use lowercase letters, digits and dashes'),
    /** The term as the glossary page lists it, e.g. "Streaming multiprocessor (SM)". */
    term: z.string().min(1),
    /**
     * Every way a lesson writes the term, plural and abbreviation included ("warp", "warps"). Matched as
     * whole words, in any letter case; the longest form wins where two overlap ("CUDA core" over "CUDA").
     */
    aliases: z.array(z.string().trim().min(1)).min(1),
    /** One plain sentence shown when a reader hovers or focuses a linked term; no line breaks. */
    summary: z
      .string()
      .min(10)
      .max(200, 'keep the one-line definition under 200 characters: it is shown as a tooltip')
      .regex(/^[^\n]*$/, 'write the one-line definition on one line'),
    /** A short paragraph for the glossary page: what it is, why it matters in this course, a figure if one helps. */
    details: z.string().min(40),
  })
  .strict();

/** The whole file: a list of entries. */
export const glossarySchema = z.array(glossaryEntrySchema).min(1);

export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;
