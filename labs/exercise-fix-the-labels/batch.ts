/** One small batch, as a data pipeline hands it over: a model's class scores and the true classes as text. */

/** The scores (logits) a model gave four images for three classes. */
export const LOGITS = [
  [2.0, 0.5, -1.0],
  [0.1, 1.2, 0.3],
  [-0.5, 0.2, 2.2],
  [1.5, 1.4, -0.3],
];

/** The true class of each image, as a CSV column delivers it. */
export const LABEL_TEXT = '0,1,2,1';
