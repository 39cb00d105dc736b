/**
 * A decoder-only transformer over characters, small enough to train in a browser tab and written to be
 * read: token embedding plus learned positions, pre-norm blocks of causal multi-head attention and an MLP,
 * a final norm, and an output layer tied to the embedding (the same matrix reads characters in and
 * scores them out).
 *
 * The weights are plain tf.Variables in a flat list, so the PyTorch twin (scripts/pytorch/
 * transformer_reference.py) can load exactly the same numbers and the optimizer can train them all.
 */
import * as tf from '@tensorflow/tfjs';

export interface TransformerShape {
  /** Distinct characters (65 for Tiny Shakespeare). */
  vocabulary: number;
  /** d_model: the length of every position's vector. */
  width: number;
  /** Positions the model sees at once, T. */
  context: number;
  layers: number;
  /** Attention heads per layer; width must divide by it. */
  heads: number;
}

export interface Block {
  norm1Scale: tf.Variable;
  norm1Shift: tf.Variable;
  /** Queries, keys and values in one [width, 3·width] matrix: one wide product instead of three narrow ones. */
  queryKeyValue: tf.Variable;
  /** Mixes the heads' outputs back into the residual stream, [width, width]. */
  attentionOut: tf.Variable;
  norm2Scale: tf.Variable;
  norm2Shift: tf.Variable;
  /** The MLP widens each position to 4·width and back. */
  mlpIn: tf.Variable;
  mlpInBias: tf.Variable;
  mlpOut: tf.Variable;
  mlpOutBias: tf.Variable;
}

export interface Transformer {
  shape: TransformerShape;
  /** [vocabulary, width]: row c is character c's vector, and the output layer's weights for c. */
  tokenEmbedding: tf.Variable;
  /** [context, width]: one learned vector per position. */
  positionEmbedding: tf.Variable;
  blocks: Block[];
  finalNormScale: tf.Variable;
  finalNormShift: tf.Variable;
  /** Every variable, in a fixed order: the optimizer's list, and the order the PyTorch twin reads. */
  variables: tf.Variable[];
}

const BLOCK_FIELDS = [
  'norm1Scale',
  'norm1Shift',
  'queryKeyValue',
  'attentionOut',
  'norm2Scale',
  'norm2Shift',
  'mlpIn',
  'mlpInBias',
  'mlpOut',
  'mlpOutBias',
] as const satisfies readonly (keyof Block)[];

/** The names of `variables`, in order, e.g. 'blocks.0.queryKeyValue': how the twin matches them. */
export function variableNames(shape: TransformerShape): string[] {
  const blocks = Array.from({ length: shape.layers }, (_, layer) => BLOCK_FIELDS.map((field) => `blocks.${layer}.${field}`));
  return ['tokenEmbedding', 'positionEmbedding', ...blocks.flat(), 'finalNormScale', 'finalNormShift'];
}

/** Checks a shape before any tensor is made, with a message that says what to change. */
export function checkShape(shape: TransformerShape): void {
  for (const [name, value] of Object.entries(shape)) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`The transformer's ${name} is ${value}; it must be a whole number of at least 1.`);
  }
  if (shape.width % shape.heads !== 0) {
    throw new RangeError(
      `WIDTH (${shape.width}) must divide by HEADS (${shape.heads}): each head gets width / heads of every vector.`,
    );
  }
}

/**
 * Fresh weights from `seed`: small normal values (σ 0.02, as GPT-2), norms at scale 1 and shift 0.
 * Variables are unnamed: tf.js names must be unique, and a lab makes a model per backend and per size.
 */
export function createTransformer(shape: TransformerShape, seed: number): Transformer {
  checkShape(shape);
  const { vocabulary, width, context } = shape;
  let next = seed;
  // tidy disposes each initial value; the variable keeps its own copy of the data.
  const normal = (dims: number[]) => tf.tidy(() => tf.variable(tf.randomNormal(dims, 0, 0.02, 'float32', next++)));
  const ones = () => tf.tidy(() => tf.variable(tf.ones([width])));
  const zeros = (length: number) => tf.tidy(() => tf.variable(tf.zeros([length])));
  const tokenEmbedding = normal([vocabulary, width]);
  const positionEmbedding = normal([context, width]);
  const blocks: Block[] = Array.from({ length: shape.layers }, () => ({
    norm1Scale: ones(),
    norm1Shift: zeros(width),
    queryKeyValue: normal([width, 3 * width]),
    attentionOut: normal([width, width]),
    norm2Scale: ones(),
    norm2Shift: zeros(width),
    mlpIn: normal([width, 4 * width]),
    mlpInBias: zeros(4 * width),
    mlpOut: normal([4 * width, width]),
    mlpOutBias: zeros(width),
  }));
  const finalNormScale = ones();
  const finalNormShift = zeros(width);
  const variables = [
    tokenEmbedding,
    positionEmbedding,
    ...blocks.flatMap((block) => BLOCK_FIELDS.map((field) => block[field])),
    finalNormScale,
    finalNormShift,
  ];
  return { shape, tokenEmbedding, positionEmbedding, blocks, finalNormScale, finalNormShift, variables };
}

export function disposeTransformer(model: Transformer): void {
  tf.dispose(model.variables);
}

/** Weights that are learned numbers, all of them: the tied output layer adds none. */
export function parameterCount(shape: TransformerShape): number {
  const { vocabulary: v, width: d, context: t, layers } = shape;
  const perBlock = 2 * d + 3 * d * d + d * d + 2 * d + 4 * d * d + 4 * d + 4 * d * d + d;
  return v * d + t * d + layers * perBlock + 2 * d;
}

/**
 * The causal mask for T positions, [T, T]: 0 where position i may look at position j (j ≤ i), and a large
 * negative number where j is in the future, so softmax gives it a weight of exactly 0.
 */
export function causalMask(context: number): tf.Tensor2D {
  return tf.tidy(() => {
    const row = tf.range(0, context, 1, 'int32').reshape([context, 1]);
    const column = tf.range(0, context, 1, 'int32').reshape([1, context]);
    return tf.where<tf.Tensor2D>(tf.greater(column, row), tf.fill([context, context], -1e9), tf.zeros([context, context]));
  });
}

/**
 * Layer norm over each position's vector: subtract its mean, divide by its standard deviation (biased, plus
 * 1e-5 against division by zero), then scale and shift per feature.
 *
 * The gradient is written out, as every fast implementation does, rather than left to automatic
 * differentiation of the steps above, which would take about twice as many passes over the activations.
 * With n̂ the normalised x, g = dy·scale and means over each vector's features:
 * dx = (g − mean(g) − n̂·mean(g·n̂)) / σ, dscale = Σ dy·n̂ and dshift = Σ dy over the positions.
 */
export const layerNorm = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, scale, shift, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
  const centered = x.sub(x.mean(-1, true));
  const inverseDeviation = tf.rsqrt(centered.square().mean(-1, true).add(1e-5));
  const normed = centered.mul(inverseDeviation);
  save([normed, inverseDeviation, scale]);
  return {
    value: normed.mul(scale).add(shift),
    gradFunc: (dy: tf.Tensor2D, [savedNormed, savedInverseDeviation, savedScale]: tf.Tensor[]) => {
      const g = dy.mul(savedScale);
      const dx = g
        .sub(g.mean(-1, true))
        .sub(savedNormed.mul(g.mul(savedNormed).mean(-1, true)))
        .mul(savedInverseDeviation);
      return [dx, dy.mul(savedNormed).sum(0), dy.sum(0)];
    },
  };
}) as (x: tf.Tensor2D, scale: tf.Tensor, shift: tf.Tensor) => tf.Tensor2D;

/** GELU's constants: 2u = GELU_LINEAR·x + GELU_CUBIC·x³, with u = √(2/π)·(x + 0.044715·x³) (below). */
const GELU_LINEAR = 2 * Math.sqrt(2 / Math.PI);
const GELU_CUBIC = GELU_LINEAR * 0.044715;

/**
 * GELU, the tanh form GPT-2 uses: 0.5·x·(1 + tanh(u)) with u = √(2/π)·(x + 0.044715·x³). It is computed as
 * x·sigmoid(2u), the same function (1 + tanh(u) = 2·sigmoid(2u)), because the WASM backend runs Sigmoid
 * vectorised and Tanh one number at a time.
 *
 * Its gradient is written out rather than left to automatic differentiation, which would differentiate each
 * of the forward pass's products on its own: forward and backward then take about 28 passes over the MLP's
 * widest tensor instead of 14. Each pass reads and writes a [batch·T, 4·width] tensor, so their number, not
 * the arithmetic, sets the cost.
 * With s = sigmoid(2u): d/dx x·s = s + x·s·(1 − s)·d(2u)/dx, and d(2u)/dx = GELU_LINEAR + 3·GELU_CUBIC·x².
 */
export const gelu = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
  const squared = x.square();
  const s = tf.sigmoid(x.mul(squared.mul(GELU_CUBIC).add(GELU_LINEAR)));
  save([x, squared, s]);
  return {
    value: x.mul(s),
    gradFunc: (dy: tf.Tensor2D, [saved, savedSquared, savedS]: tf.Tensor[]) => {
      const slope = savedSquared.mul(3 * GELU_CUBIC).add(GELU_LINEAR);
      const sigmoidSlope = savedS.mul(tf.scalar(1).sub(savedS));
      return dy.mul(saved.mul(sigmoidSlope).mul(slope).add(savedS));
    },
  };
}) as (x: tf.Tensor2D) => tf.Tensor2D;

/**
 * Causal multi-head self-attention over x: [batch·T, width] → [batch·T, width].
 *
 * Every position asks a question (its query) of every earlier position (their keys); the answers' weights
 * are a softmax of the scaled dot products, and each position receives that weighted mix of the values.
 * Heads split the width, so each head can attend to something different at no extra cost.
 */
export function causalSelfAttention(
  x: tf.Tensor2D,
  block: Block,
  shape: TransformerShape,
  batch: number,
  mask: tf.Tensor2D,
): tf.Tensor2D {
  const { width, heads } = shape;
  const t = mask.shape[0];
  const headWidth = width / heads;
  // One wide product gives every position its query, key and value: [batch·T, 3·width].
  const qkv = tf.matMul(x, block.queryKeyValue);
  // Split into heads: [batch·T, width] → [batch, T, heads, headWidth] → [batch·heads, T, headWidth].
  const toHeads = (part: tf.Tensor) =>
    tf.reshape<tf.Rank.R3>(part.reshape([batch, t, heads, headWidth]).transpose([0, 2, 1, 3]), [batch * heads, t, headWidth]);
  const [query, key, value] = tf.split(qkv, 3, 1).map(toHeads);
  // Scores: each query against every key, [batch·heads, T, T]; dividing by √headWidth keeps softmax from saturating.
  const scores = tf.matMul(query, key, false, true).mul(1 / Math.sqrt(headWidth));
  // Causal: a position may not look ahead. The mask adds -1e9 to future keys, so their weight is 0.
  const weights = tf.softmax(scores.add(mask));
  // Each position's output is its weighted mix of values, [batch·heads, T, headWidth]; the heads are then
  // joined back side by side: → [batch, T, heads, headWidth] → [batch·T, width].
  const perHead = tf.matMul(weights, value);
  const mixed = tf.reshape<tf.Rank.R2>(perHead.reshape([batch, heads, t, headWidth]).transpose([0, 2, 1, 3]), [batch * t, width]);
  return tf.matMul(mixed, block.attentionOut);
}

function mlp(x: tf.Tensor2D, block: Block): tf.Tensor2D {
  const hidden = gelu(tf.matMul(x, block.mlpIn).add(block.mlpInBias));
  return tf.matMul(hidden, block.mlpOut).add(block.mlpOutBias);
}

/**
 * The logits for the next character at every position: inputs [batch, t] (int32 character indices, t at
 * most the context) → [batch·t, vocabulary]. `mask` is causalMask(t), made once by the caller.
 *
 * The embedding is a one-hot matrix times tokenEmbedding, not a gather: the two give the same vectors, but a
 * gather's gradient is a scatter, which the WASM backend lacks and the CPU backend runs slowly, while the
 * product's gradient is one more matMul that every backend runs fast.
 */
export function forward(model: Transformer, inputs: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  const { shape } = model;
  const [batch, t] = inputs.shape;
  if (t > shape.context)
    throw new RangeError(`The inputs have ${t} positions; the model was built for a context of ${shape.context}.`);
  if (mask.shape[0] !== t)
    throw new RangeError(`The mask is for ${mask.shape[0]} positions, the inputs have ${t}: pass causalMask(${t}).`);
  const oneHot = tf.oneHot(inputs.reshape([batch * t]), shape.vocabulary).toFloat();
  const positionRows = t === shape.context ? model.positionEmbedding : model.positionEmbedding.slice([0, 0], [t, shape.width]);
  // Every sequence adds the same position vectors: a broadcast add over [batch, t, width], whose gradient is one
  // sum over the batch (a tile's would be a slice and an add per sequence).
  const characters = tf.matMul(oneHot, model.tokenEmbedding).reshape([batch, t, shape.width]);
  let stream = tf.reshape<tf.Rank.R2>(characters.add(positionRows), [batch * t, shape.width]);
  for (const block of model.blocks) {
    // Pre-norm: each sublayer reads a normalised copy and adds its result to the residual stream.
    stream = stream.add(causalSelfAttention(layerNorm(stream, block.norm1Scale, block.norm1Shift), block, shape, batch, mask));
    stream = stream.add(mlp(layerNorm(stream, block.norm2Scale, block.norm2Shift), block));
  }
  const normed = layerNorm(stream, model.finalNormScale, model.finalNormShift);
  // Tied output: score each character by the dot product with its own embedding row.
  return tf.matMul(normed, model.tokenEmbedding, false, true);
}

/** Mean cross-entropy of the next character, in nats: ln(65) ≈ 4.17 for a model that knows nothing. */
export function lossOf(model: Transformer, inputs: tf.Tensor2D, targets: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const logits = forward(model, inputs, mask);
    const labels = tf.oneHot(targets.reshape([targets.size]), model.shape.vocabulary);
    return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, logits);
  });
}
