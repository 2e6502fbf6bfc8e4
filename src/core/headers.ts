import type { Cell } from './cells';

/**
 * Columns are found by header name, never by position: users reorder columns, add their own, and
 * type headers with stray spaces or other capitalisation.
 */
export function headerKey(h: unknown): string {
  return String(h ?? '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

export class HeaderMap {
  private readonly byKey = new Map<string, number>();
  readonly headers: string[];

  constructor(headerRow: readonly Cell[]) {
    this.headers = headerRow.map((h) => String(h ?? '').trim());
    this.headers.forEach((h, i) => {
      const key = headerKey(h);
      // The first of two same-named columns wins, so a stray copy never shadows the real one.
      if (key && !this.byKey.has(key)) this.byKey.set(key, i);
    });
  }

  /** 0-based column index of a header, or -1. */
  indexOf(name: string): number {
    return this.byKey.get(headerKey(name)) ?? -1;
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  /** Which of these required headers the sheet lacks, spelled as the contract spells them. */
  missing(required: readonly string[]): string[] {
    return required.filter((name) => !this.has(name));
  }

  /** The cell of `name` in a row, '' when the column is absent or the row is short. */
  get(row: readonly Cell[], name: string): Cell {
    const i = this.indexOf(name);
    return i >= 0 && i < row.length ? row[i] : '';
  }
}

/** A header row as read, without the empty cells after its last header. */
export function trimmedRow(row: readonly Cell[]): Cell[] {
  let end = row.length;
  while (end > 0 && (row[end - 1] === '' || row[end - 1] === null || row[end - 1] === undefined)) end--;
  return row.slice(0, end);
}
