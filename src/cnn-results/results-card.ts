/**
 * The results card: one PNG with the CNN lab's results table as the page shows it (the project's
 * reference, this browser's runs, the notebook's, a shared result), a bar chart of their speeds and the
 * devices they ran on, to post or hand in. Drawn on a <canvas> in the page, with the site's light colours
 * whatever the theme, so every card looks alike; nothing leaves the browser. Loaded on the first click of
 * "Download results card" (cnn-results-element.ts).
 */
import { RESULT_COLUMNS, type ResultRow } from '../../labs/api/cnn-report.ts';
import { formatNumber } from '../lab/index.ts';
import { COURSE_NAME } from '../lib/course-name.ts';

/** Where a row of the table comes from; each kind has its colour on the card. */
export type CardRowKind = 'reference' | 'browser' | 'notebook' | 'shared';

export interface CardRow {
  row: ResultRow;
  kind: CardRowKind;
}

/** The card's width in pixels; its height follows the number of rows. */
const CARD_WIDTH = 1200;

const colours = {
  background: '#ffffff',
  text: '#1a1f26',
  muted: '#4f5b69',
  border: '#cfd6df',
  stripe: '#f5f7fa',
} as const;

const kindColours = {
  reference: '#4f5b69',
  browser: '#1d4ed8',
  notebook: '#b45309',
  shared: '#166534',
} as const satisfies Record<CardRowKind, string>;

const kindNames = {
  reference: 'project reference',
  browser: 'your browser',
  notebook: 'your notebook',
  shared: 'shared result',
} as const satisfies Record<CardRowKind, string>;

const font = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
const margin = 48;
const chartRow = 30;
const tableRow = 28;

/** `text` cut with "…" to fit `width` pixels in the context's current font. */
function fitted(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let end = text.length;
  while (end > 0 && context.measureText(`${text.slice(0, end)}…`).width > width) end--;
  return `${text.slice(0, end)}…`;
}

/** The table's columns on the card: the results table's, less the estimate, which the chart makes plain. */
const cardColumns = RESULT_COLUMNS.filter((column) => column !== 'est. 10 × 50k (s)');
const columnWidths: Record<(typeof cardColumns)[number], number> = {
  setup: 300,
  device: 300,
  'time (s)': 80,
  'accuracy (%)': 120,
  epochs: 70,
  'train images': 120,
  'images/s': 100,
};

function cell(value: ResultRow[keyof ResultRow] | undefined): string {
  return typeof value === 'number' ? formatNumber(value) : String(value ?? '');
}

/** Draws the card for `rows` (in the table's order) made on `made`; returns the canvas. */
function drawResultsCard(rows: readonly CardRow[], made: Date): HTMLCanvasElement {
  const chartTop = 150;
  const chartHeight = rows.length * chartRow;
  const tableTop = chartTop + chartHeight + 70;
  const height = tableTop + (rows.length + 1) * tableRow + 80;
  const canvas = document.createElement('canvas');
  canvas.width = CARD_WIDTH;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw on a canvas, so it cannot make the card.');

  context.fillStyle = colours.background;
  context.fillRect(0, 0, CARD_WIDTH, height);
  context.textBaseline = 'middle';

  // Title, course and date.
  context.fillStyle = colours.text;
  context.font = `bold 30px ${font}`;
  context.fillText('A small CNN on CIFAR-10: training speed by device', margin, 62);
  context.fillStyle = colours.muted;
  context.font = `18px ${font}`;
  context.fillText(`${COURSE_NAME} · results card of ${made.toISOString().slice(0, 10)}`, margin, 98);

  // Legend: one swatch per kind of row present.
  let legendX = margin;
  for (const kind of Object.keys(kindColours) as CardRowKind[]) {
    if (!rows.some((row) => row.kind === kind)) continue;
    context.fillStyle = kindColours[kind];
    context.fillRect(legendX, 122, 14, 14);
    context.fillStyle = colours.text;
    context.font = `15px ${font}`;
    context.fillText(kindNames[kind], legendX + 20, 129);
    legendX += 40 + context.measureText(kindNames[kind]).width;
  }

  // The bar chart: images per second, one bar per row, labelled with its setup.
  const labelWidth = 430;
  const barLeft = margin + labelWidth + 12;
  const barSpace = CARD_WIDTH - barLeft - margin - 90;
  const fastest = Math.max(1, ...rows.map(({ row }) => row['images/s']));
  rows.forEach(({ row, kind }, index) => {
    const y = chartTop + index * chartRow;
    context.font = `15px ${font}`;
    context.fillStyle = colours.text;
    context.textAlign = 'right';
    context.fillText(fitted(context, row.setup, labelWidth), margin + labelWidth, y + chartRow / 2);
    context.textAlign = 'left';
    const width = Math.max(2, (barSpace * row['images/s']) / fastest);
    context.fillStyle = kindColours[kind];
    context.fillRect(barLeft, y + 6, width, chartRow - 12);
    context.fillStyle = colours.text;
    context.font = `bold 15px ${font}`;
    context.fillText(formatNumber(row['images/s']), barLeft + width + 8, y + chartRow / 2);
  });
  context.fillStyle = colours.muted;
  context.font = `15px ${font}`;
  context.fillText('Training images per second (longer is faster)', barLeft, chartTop + chartHeight + 22);

  // The table, with the devices.
  let x = margin;
  const columnX = cardColumns.map((column) => {
    const left = x;
    x += columnWidths[column];
    return left;
  });
  context.font = `bold 15px ${font}`;
  context.fillStyle = colours.text;
  cardColumns.forEach((column, index) =>
    context.fillText(fitted(context, column, columnWidths[column] - 12), columnX[index] + 6, tableTop + tableRow / 2),
  );
  rows.forEach(({ row, kind }, index) => {
    const y = tableTop + (index + 1) * tableRow;
    if (index % 2 === 0) {
      context.fillStyle = colours.stripe;
      context.fillRect(margin, y, x - margin, tableRow);
    }
    context.fillStyle = kindColours[kind];
    context.fillRect(margin, y, 4, tableRow);
    context.fillStyle = colours.text;
    context.font = `14px ${font}`;
    cardColumns.forEach((column, columnIndex) =>
      context.fillText(fitted(context, cell(row[column]), columnWidths[column] - 12), columnX[columnIndex] + 6, y + tableRow / 2),
    );
  });
  context.strokeStyle = colours.border;
  context.lineWidth = 1;
  for (let line = 0; line <= rows.length + 1; line++) {
    const y = tableTop + line * tableRow + 0.5;
    context.beginPath();
    context.moveTo(margin, y);
    context.lineTo(x, y);
    context.stroke();
  }

  context.fillStyle = colours.muted;
  context.font = `14px ${font}`;
  context.fillText(
    'Measured in the browser by the course’s CNN lab (TensorFlow.js) and, for the reference, PyTorch on Colab. Made in the page; nothing was uploaded.',
    margin,
    height - 36,
  );
  return canvas;
}

/** The card as PNG bytes. */
export function resultsCardPng(rows: readonly CardRow[], made: Date): Promise<Blob> {
  const canvas = drawResultsCard(rows, made);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The card could not be turned into a PNG.'))), 'image/png');
  });
}
