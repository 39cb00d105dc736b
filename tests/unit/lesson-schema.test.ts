import { describe, expect, it } from 'vitest';
import { lessonSchema } from '../../src/schemas/lesson.ts';
import { unitSchema } from '../../src/schemas/unit.ts';

const valid = {
  title: 'Day 9 — CPU vs GPU compute',
  description: 'Why GPUs beat CPUs at dense matrix arithmetic, and when they do not.',
  unit: 'module-5',
  order: 3,
  objectives: ['Check whether a GPU is available'],
};

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('lesson frontmatter schema', () => {
  it('accepts a complete lesson', () => {
    expect(lessonSchema.safeParse(valid).success).toBe(true);
  });

  it('rejects a misspelled key instead of ignoring it', () => {
    const result = lessonSchema.safeParse({ ...valid, minuts: 20 });
    expect(result.success).toBe(false);
    expect(messages(result).join('\n')).toMatch(/minuts/);
  });

  it('names the field when a value has the wrong type', () => {
    const result = lessonSchema.safeParse({ ...valid, order: 'three' });
    expect(messages(result)[0]).toMatch(/^order: /);
  });

  it('requires at least one objective', () => {
    expect(messages(lessonSchema.safeParse({ ...valid, objectives: [] }))[0]).toMatch(/^objectives: /);
  });
});

describe('unit frontmatter schema', () => {
  it('rejects a unit without what it teaches', () => {
    const result = unitSchema.safeParse({
      title: 'Module 5',
      label: 'M5',
      description: 'A description long enough to pass.',
      order: 1,
    });
    expect(messages(result)[0]).toMatch(/^teaches: /);
  });
});
