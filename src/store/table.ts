import type { Cell } from '../core/cells';
import { HeaderMap } from '../core/headers';

/**
 * The store's only view of a spreadsheet tab. Repositories speak to this port, so the same code can
 * run over a Google Sheet, an in-memory table in unit tests, or (later) BigQuery.
 */
export interface TablePort {
  readonly name: string;
  /** Row 1 (the headers) and every row under it, in one read. */
  readAll(): { headers: Cell[]; rows: Cell[][] };
}

export interface Table<T> {
  headers: HeaderMap;
  records: T[];
}

/** Read every data row of a tab into records, skipping blank rows (hand-made sheets have them). */
export function readTable<T>(port: TablePort, read: (headers: HeaderMap, cells: Cell[], row: number) => T): Table<T> {
  const { headers: headerRow, rows } = port.readAll();
  const headers = new HeaderMap(headerRow);
  const records: T[] = [];
  rows.forEach((cells, i) => {
    if (cells.every((c) => c === '' || c === null || c === undefined)) return;
    records.push(read(headers, cells, i + 2));
  });
  return { headers, records };
}
