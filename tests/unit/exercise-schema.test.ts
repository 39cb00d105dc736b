import { describe, expect, it } from 'vitest';
import { ExerciseFileError, parseExercise, sentenceCount } from '../../src/schemas/exercise.ts';

/** The messages an exercise author sees for a bad exercise.json: each names the file and the field. */
const file = 'labs/exercise-example/exercise.json';

const valid = {
  title: 'Read the loss once per epoch',
  goal: 'Export `trainEpochs(epochs)`. It must read the loss back at most once per epoch and return the mean loss of each epoch.',
  hints: ['Keep a running total as a tensor.', 'Add each step’s loss to the total with tf.add and read the total once.'],
  lesson: 'week-6/true-false-review',
};

function problems(value: unknown): string[] {
  try {
    parseExercise(typeof value === 'string' ? value : JSON.stringify(value), file);
  } catch (error) {
    expect(error).toBeInstanceOf(ExerciseFileError);
    return (error as ExerciseFileError).problems;
  }
  throw new Error('expected the file to be refused');
}

describe('exercise.json', () => {
  it('accepts a complete description', () => {
    expect(parseExercise(JSON.stringify(valid), file)).toEqual(valid);
  });

  it('refuses a file that is not JSON, naming the file', () => {
    expect(problems('{ "title": ')[0]).toMatch(/^labs\/exercise-example\/exercise\.json is not valid JSON: /);
  });

  it('refuses a misspelt field and lists the right ones', () => {
    const { hints, ...rest } = valid;
    expect(problems({ ...rest, hint: hints })).toEqual([
      `${file}: field "hints" is missing: add 1 to 3 hints.`,
      `${file}: unknown field "hint". The fields are "title", "goal", "hints", "lesson".`,
    ]);
  });

  it('refuses a missing goal and a goal that is not text', () => {
    const { goal: _goal, ...rest } = valid;
    expect(problems(rest)).toEqual([`${file}: field "goal" is missing: add 1 to 4 sentences saying exactly what passes.`]);
    expect(problems({ ...valid, goal: 3 })).toEqual([
      `${file}: field "goal" must be text: 1 to 4 sentences saying exactly what passes.`,
    ]);
  });

  it('refuses a goal of more than four sentences', () => {
    expect(problems({ ...valid, goal: 'One thing. Two things. Three things. Four things. Five things.' })).toEqual([
      `${file}: field "goal" has 5 sentences: keep the goal to 1 to 4 and move the rest to the hints.`,
    ]);
  });

  it('refuses no hints, too many hints, a repeated hint and a hint too short, naming the item', () => {
    expect(problems({ ...valid, hints: [] })).toEqual([
      `${file}: field "hints" is empty: add 1 to 3 hints, from gentle to nearly the answer.`,
    ]);
    expect(
      problems({ ...valid, hints: ['Hint number one.', 'Hint number two.', 'Hint number three.', 'Hint number four.'] }),
    ).toEqual([`${file}: field "hints" has more than 3 hints: keep the 3 most useful, from gentle to nearly the answer.`]);
    expect(problems({ ...valid, hints: ['Hint number one.', 'Hint number one.'] })).toEqual([
      `${file}: field "hints" repeats a hint: each hint should add something.`,
    ]);
    expect(problems({ ...valid, hints: ['Hint number one.', 'Look.'] })).toEqual([
      `${file}: field "hints", item 2, has a hint too short to help: write a sentence.`,
    ]);
  });

  it('refuses a lesson that is not "<unit>/<lesson-slug>"', () => {
    expect(problems({ ...valid, lesson: 'Day 9' })).toEqual([
      `${file}: field "lesson" must name a lesson as "<unit>/<lesson-slug>", e.g. "module-5/day-9-cpu-vs-gpu".`,
    ]);
  });

  it('refuses an array where an object belongs', () => {
    expect(problems([valid])).toEqual([`${file}: must be a JSON object with the fields "title", "goal", "hints", "lesson".`]);
  });

  it('counts sentences without being fooled by numbers and abbreviations', () => {
    expect(sentenceCount('Scale 1e-8 by 0.5, e.g. with a power of two. Then check it!')).toBe(2);
  });
});
