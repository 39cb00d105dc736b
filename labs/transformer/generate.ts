/**
 * Text from a trained model, one character at a time: the model scores every character as the next one,
 * softmax turns the scores into probabilities (sharpened or flattened by the temperature), and a seeded
 * random draw picks one. The same seed and weights give the same text on every backend that computes the
 * same probabilities.
 */
import * as tf from '@tensorflow/tfjs';
import { causalMask, forward, type Transformer } from './model.ts';

/** The index `uniform` (in [0, 1)) falls on when each index takes its probability's share of [0, 1). */
export function drawIndex(probabilities: ArrayLike<number>, uniform: number): number {
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) total += probabilities[i];
  let cumulative = 0;
  for (let i = 0; i < probabilities.length; i++) {
    cumulative += probabilities[i] / total;
    if (uniform < cumulative) return i;
  }
  return probabilities.length - 1;
}

export interface GenerateOptions {
  /** How many characters to add. */
  length: number;
  /** Below 1 picks likely characters more often, above 1 less; default 1 (the model's own probabilities). */
  temperature?: number;
  /** Uniform numbers in [0, 1): a seeded generator (seededRandom) makes the text repeatable. */
  random: () => number;
}

/** The prompt followed by `length` generated characters, as indices. The model sees the last `context` of them. */
export async function generate(model: Transformer, prompt: readonly number[], options: GenerateOptions): Promise<number[]> {
  if (prompt.length === 0) throw new RangeError('generate needs a prompt of at least one character.');
  const temperature = options.temperature ?? 1;
  const tokens = [...prompt];
  const masks = new Map<number, tf.Tensor2D>();
  try {
    for (let i = 0; i < options.length; i++) {
      const window = tokens.slice(-model.shape.context);
      let mask = masks.get(window.length);
      if (!mask) {
        mask = causalMask(window.length);
        masks.set(window.length, mask);
      }
      const windowMask = mask;
      const probabilities = tf.tidy(() => {
        const logits = forward(model, tf.tensor2d(window, [1, window.length], 'int32'), windowMask);
        const last = logits.slice([window.length - 1, 0], [1, model.shape.vocabulary]);
        return tf.softmax(last.div(temperature));
      });
      const values = await probabilities.data();
      probabilities.dispose();
      tokens.push(drawIndex(values, options.random()));
    }
  } finally {
    tf.dispose([...masks.values()]);
  }
  return tokens;
}
