/** `lab.table`: rows of cells under named columns, numbers right-aligned. */
import type { Cell } from '../../../labs/api/index.ts';
import { formatNumber } from '../number-text.ts';
import { InvalidMessageError } from './fields.ts';
import { element, type OutputKind } from './output-kind.ts';
import './table.css';

export interface TableOutput {
  kind: 'table';
  title?: string;
  columns: string[];
  /** One list of cells per row, in the order of `columns`. */
  rows: Cell[][];
}

function readCell(value: unknown, where: string): Cell {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new InvalidMessageError(`${where} should be text, a number, true, false or null.`);
}

function readRow(value: unknown, where: string): Cell[] {
  if (!Array.isArray(value)) throw new InvalidMessageError(`${where} should be a list of cells.`);
  return value.map((cell, index) => readCell(cell, `${where}[${index}]`));
}

/** A cell that is not a number: text as it is, true/false spelt out, null as an empty cell. */
function cellText(value: Exclude<Cell, number>): string {
  if (value === null) return '';
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : value;
}

export const tableKind: OutputKind<TableOutput> = {
  read: (fields) => ({
    kind: 'table',
    title: fields.optionalString('title'),
    columns: fields.strings('columns'),
    rows: fields.list('rows', readRow),
  }),
  render(output, view) {
    // A figure caption, not <caption>: a table's caption is only as wide as its (often narrow) table.
    const figure = element('figure', 'lab-table');
    if (output.title) figure.append(element('figcaption', undefined, output.title));
    const headRow = element('tr');
    for (const column of output.columns) {
      const cell = element('th', undefined, column);
      cell.scope = 'col';
      headRow.append(cell);
    }
    const head = element('thead');
    head.append(headRow);
    const body = element('tbody');
    for (const row of output.rows) {
      const tr = element('tr');
      for (const value of row) {
        tr.append(
          typeof value === 'number'
            ? element('td', 'lab-number', formatNumber(value))
            : element('td', undefined, cellText(value)),
        );
      }
      body.append(tr);
    }
    const table = element('table');
    table.append(head, body);
    figure.append(table);
    view.append(figure);
  },
};
