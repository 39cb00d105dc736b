/**
 * The order in which a question shows its options. Authors tend to put the right answer first (or last);
 * showing the options in the written order would teach learners that habit instead of the lesson.
 *
 * Choice and scenario options are shuffled by a seed taken from the quiz id and the question id, so the
 * order is the same on every build, every reload, with or without JavaScript (Quiz.astro renders it on
 * the server), and a question keeps its order when other questions are added or removed. True/false
 * questions keep the written order, True before False, as readers expect.
 *
 * Only the order changes: option ids, which progress is stored by, stay as written.
 */
import { seededRandom } from '../../labs/api/seeded-random.ts';
import { questionKinds, type QuestionKind } from './kinds/index.ts';

interface Orderable<Option> {
  id: string;
  kind: QuestionKind;
  options: readonly Option[];
}

/** 32-bit FNV-1a: a small, well-spread string hash; stable across platforms because it is ours. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Part of every seed. Any value gives fair, independent orders; this one was picked because it spreads
 * the course's right answers evenly over the four positions (tests/unit/quiz-option-order.test.ts checks
 * that none holds more than 40 %). If new questions tip that check over, change the salt: every question
 * is reshuffled, which costs nothing, since progress is stored by option id.
 */
const ORDER_SALT = '26';

/** The options of `question` in the order the page shows them. */
export function displayOrder<Option>(quizId: string, question: Orderable<Option>): Option[] {
  const options = [...question.options];
  if (questionKinds[question.kind].optionOrder === 'written') return options;
  const random = seededRandom(fnv1a(`${ORDER_SALT}/${quizId}/${question.id}`));
  // Fisher–Yates: every order equally likely for a well-spread seed.
  for (let last = options.length - 1; last > 0; last -= 1) {
    const pick = Math.floor(random() * (last + 1));
    [options[last], options[pick]] = [options[pick], options[last]];
  }
  return options;
}
