/**
 * `lab.table`: rows of cells under named columns, numbers right-aligned. A table shows at most
 * `outputLimits.tableRows` rows and `tableColumns` columns; what was left out is counted under it.
 */
import type { Cell } from '../../../labs/api/index.ts';
import { formatNumber } from '../shared/number-text.ts';
import { cutText, limitText, outputLimits } from '../shared/output-limit.ts';
import { InvalidMessageError } from './fields.ts';
import { element, type OutputKind } from './output-kind.ts';
import './table.css';

export interface TableOutput {
  kind: 'table';
  title?: string;
  columns: string[];
  /** One list of cells per row, in the order of `columns`. */
  rows: Cell[][];
  /** Rows and columns the program gave but the table leaves out (the worker cuts big tables before sending). */
  omittedRows?: number;
  omittedColumns?: number;
}

/** From how many rows a table is laid out only near the screen (a run's own tables are shorter). */
const longTableRows = 40;

function readCell(value: unknown, where: string): Cell {
  if (typeof value === 'string') return cutText(value, outputLimits.cellChars);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new InvalidMessageError(`${where} should be text, a number, true, false or null.`);
}

function readColumn(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new InvalidMessageError(`${where} should be text.`);
  return cutText(value, outputLimits.labelChars);
}

function readRow(value: unknown, where: string): Cell[] {
  if (!Array.isArray(value)) throw new InvalidMessageError(`${where} should be a list of cells.`);
  const cells: unknown[] = value.length > outputLimits.tableColumns ? value.slice(0, outputLimits.tableColumns) : value;
  return cells.map((cell, index) => readCell(cell, `${where}[${index}]`));
}

/** A count of left-out rows or columns: the worker's (optional) plus what the page cuts itself. */
function omitted(sent: number | undefined, cut: number): number | undefined {
  const total = (sent ?? 0) + cut;
  return total > 0 ? total : undefined;
}

/** A cell that is not a number: text as it is, true/false spelt out, null as an empty cell. */
function cellText(value: Exclude<Cell, number>): string {
  if (value === null) return '';
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : value;
}

export const tableKind: OutputKind<TableOutput> = {
  read(fields) {
    const title = fields.optionalLabel('title');
    const columns = fields.cutList('columns', readColumn, outputLimits.tableColumns);
    const rows = fields.cutList('rows', readRow, outputLimits.tableRows);
    const output: TableOutput = {
      kind: 'table',
      title,
      columns: columns.items,
      rows: rows.items,
    };
    const omittedRows = omitted(fields.optionalCount('omittedRows'), rows.cut);
    const omittedColumns = omitted(fields.optionalCount('omittedColumns'), columns.cut);
    if (omittedRows !== undefined) output.omittedRows = omittedRows;
    if (omittedColumns !== undefined) output.omittedColumns = omittedColumns;
    return output;
  },
  async render(output, view) {
    // A figure caption, not <caption>: a table's caption is only as wide as its (often narrow) table.
    const figure = element('figure', 'lab-table');
    // A long table is laid out only near the screen (table.css), standing in at about its height until then. A
    // short one is laid out at once: standing in, it settled as it came into view (its cells wrap, so no estimate
    // holds) and moved what the learner was about to click, such as the links at the end of a finished run.
    if (output.rows.length > longTableRows) {
      figure.classList.add('lab-table-long');
      figure.style.setProperty('--lab-table-rows', String(output.rows.length));
    }
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
    const table = element('table');
    table.append(head, body);
    figure.append(table);
    if (output.omittedRows)
      figure.append(element('p', 'lab-table-cut', limitText.rowsCut(output.rows.length, output.omittedRows)));
    if (output.omittedColumns) {
      figure.append(element('p', 'lab-table-cut', limitText.columnsCut(output.columns.length, output.omittedColumns)));
    }
    view.append(figure);
    await view.pace(output.columns.length + 4);
    // Row by row, a few frames for a big table.
    for (const row of output.rows) {
      if (view.cleared.aborted) return;
      const tr = element('tr');
      for (const value of row) {
        tr.append(
          typeof value === 'number'
            ? element('td', 'lab-number', formatNumber(value))
            : element('td', undefined, cellText(value)),
        );
      }
      body.append(tr);
      await view.pace(row.length + 1);
    }
  },
};
