import { glossarySchema, type GlossaryEntry } from '../schemas/glossary.ts';

/**
 * Reading the glossary (content/glossary.yaml) and the rules that span its entries: ids are unique, and each
 * surface form (alias) belongs to one entry only, so a word in a lesson links to exactly one definition.
 * Pure, so the remark plugin, the build and the tests share it.
 */

/** A mistake in the glossary file; the message names the file, the entry and the field, and says the fix. */
export class GlossaryError extends Error {
  override name = 'GlossaryError';
}

function entryName(value: unknown, index: number): string {
  const id = typeof value === 'object' && value !== null && 'id' in value ? value.id : undefined;
  return typeof id === 'string' ? `entry ${index + 1} ("${id}")` : `entry ${index + 1}`;
}

/**
 * Validates what the YAML file holds (parsed already) and returns its entries. Throws a GlossaryError
 * listing every problem, one line each: "<file>: entry 3 ("warp"), field "summary": …".
 */
export function readGlossary(value: unknown, file: string): GlossaryEntry[] {
  const parsed = glossarySchema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const [index, ...field] = issue.path;
      if (typeof index !== 'number') return `${file}: ${issue.message} (the file must be a list of entries)`;
      const entries = Array.isArray(value) ? (value as unknown[]) : [];
      const where = field.length > 0 ? `, field "${field.join('.')}"` : '';
      return `${file}: ${entryName(entries[index], index)}${where}: ${issue.message}`;
    });
    throw new GlossaryError(lines.join('\n'));
  }
  checkGlossary(parsed.data, file);
  return parsed.data;
}

/** The rules across entries: unique ids, and every alias (in any letter case) in one entry only. */
export function checkGlossary(entries: readonly GlossaryEntry[], file: string): void {
  const problems: string[] = [];
  const ids = new Map<string, number>();
  const aliases = new Map<string, { index: number; id: string }>();
  entries.forEach((entry, index) => {
    const first = ids.get(entry.id);
    if (first !== undefined)
      problems.push(
        `${file}: entry ${index + 1} ("${entry.id}"), field "id": entry ${first + 1} already has this id. Ids are anchors on the glossary page: give each entry its own.`,
      );
    else ids.set(entry.id, index);
    for (const alias of entry.aliases) {
      const key = alias.toLowerCase();
      const owner = aliases.get(key);
      if (owner && owner.index !== index)
        problems.push(
          `${file}: entry ${index + 1} ("${entry.id}"), field "aliases": "${alias}" is already an alias of "${owner.id}". A word can link to one definition only: keep it in one entry.`,
        );
      else if (owner)
        problems.push(`${file}: entry ${index + 1} ("${entry.id}"), field "aliases": "${alias}" is listed twice. Remove one.`);
      else aliases.set(key, { index, id: entry.id });
    }
  });
  if (problems.length > 0) throw new GlossaryError(problems.join('\n'));
}

/** Every alias, lowercased, with the id of the entry it stands for. */
export function aliasIndex(entries: readonly GlossaryEntry[]): Map<string, GlossaryEntry> {
  return new Map(entries.flatMap((entry) => entry.aliases.map((alias) => [alias.toLowerCase(), entry] as const)));
}
