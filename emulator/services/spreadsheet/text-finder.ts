import type { WorkbookData } from '../../workbook/model';
import type { Rect } from './a1';
import type { Ctx } from './context';
import { formulasIn, lastColumn, lastRow, type Sheet as SheetModel } from './grid';
import { RangeObj } from './range';
import { displayOf, ERROR_VALUE } from './values';

/** Where a search looks: its scope, and the last row and column of it that hold data. */
interface Area {
  scope: Rect;
  r2: number;
  c2: number;
}

/** The cells a search looks through: what it is charged for. */
function cellsOf({ scope, r2, c2 }: Area): number {
  return Math.max(0, r2 - scope.r1 + 1) * Math.max(0, c2 - scope.c1 + 1);
}

/**
 * Searches the cells' displayed text, row by row, left to right. Defaults as documented: case
 * insensitive, matching part of a cell, text not a regular expression.
 *
 * findNext() wraps around to the first match after the last one, as the Sheets find bar does.
 * Whether TextFinder wraps is not documented: wrapping is the stricter choice, because a
 * `while (finder.findNext())` loop then never ends here either (use findAll for every match).
 */
export class TextFinderObj {
  readonly #c: Ctx;
  readonly #wb: WorkbookData;
  readonly #s: SheetModel;
  readonly #scope: Rect | null;
  readonly #text: string;
  #matchCase = false;
  #entireCell = false;
  #regex = false;
  /** The last match found by findNext, as [row, column]. */
  #at: [number, number] | null = null;

  constructor(c: Ctx, wb: WorkbookData, sheet: SheetModel, scope: Rect | null, text: string) {
    this.#c = c;
    this.#wb = wb;
    this.#s = sheet;
    this.#scope = scope;
    this.#text = text;
  }

  matchCase(matchCase: unknown): TextFinderObj {
    this.#c.charge('TextFinder.matchCase');
    this.#matchCase = this.#bool('TextFinder.matchCase', matchCase);
    return this;
  }

  matchEntireCell(matchEntireCell: unknown): TextFinderObj {
    this.#c.charge('TextFinder.matchEntireCell');
    this.#entireCell = this.#bool('TextFinder.matchEntireCell', matchEntireCell);
    return this;
  }

  useRegularExpression(useRegEx: unknown): TextFinderObj {
    this.#c.charge('TextFinder.useRegularExpression');
    this.#regex = this.#bool('TextFinder.useRegularExpression', useRegEx);
    return this;
  }

  findNext(): RangeObj | null {
    this.#c.charge('TextFinder.findNext', cellsOf(this.#area()));
    const test = this.#matcher();
    const after = this.#at;
    const seen: { first?: [number, number]; next?: [number, number] } = {};
    this.#scan(this.#area(), test, (r, col) => {
      seen.first ??= [r, col];
      if (!after || r > after[0] || (r === after[0] && col > after[1])) {
        seen.next = [r, col];
        return false;
      }
      return true;
    });
    const found = seen.next ?? seen.first ?? null;
    this.#at = found;
    return found ? this.#cell(found[0], found[1]) : null;
  }

  findAll(): RangeObj[] {
    this.#c.charge('TextFinder.findAll', cellsOf(this.#area()));
    const test = this.#matcher();
    const out: RangeObj[] = [];
    this.#scan(this.#area(), test, (r, col) => {
      out.push(this.#cell(r, col));
      return true;
    });
    return this.#c.list(out);
  }

  toString(): string {
    return 'TextFinder';
  }

  #bool(method: string, v: unknown): boolean {
    if (typeof v !== 'boolean') throw this.#c.badArgs(method, [v]);
    return v;
  }

  #cell(r: number, col: number): RangeObj {
    return new RangeObj(this.#c, this.#wb, this.#s, { r1: r, c1: col, r2: r, c2: col });
  }

  #matcher(): (shown: string) => boolean {
    const text = this.#text;
    // Google's behaviour for an empty search text is not documented; matching nothing is the safe reading.
    if (text === '') return () => false;
    if (this.#regex) {
      let re: RegExp;
      try {
        re = new RegExp(this.#entireCell ? `^(?:${text})$` : text, this.#matchCase ? 'u' : 'iu');
      } catch {
        throw this.#c.fail(`Invalid regular expression: ${text}`);
      }
      return (shown) => re.test(shown);
    }
    if (this.#matchCase) return this.#entireCell ? (shown) => shown === text : (shown) => shown.includes(text);
    const lower = text.toLowerCase();
    return this.#entireCell ? (shown) => shown.toLowerCase() === lower : (shown) => shown.toLowerCase().includes(lower);
  }

  /**
   * Where a search looks: its scope (the sheet's data when it has none), clipped to the data. The
   * extent walks the whole sheet: worked out once for the charge, and once more for the search itself,
   * after the charge (another execution interleaved at the call may have changed the sheet).
   */
  #area(): Area {
    const s = this.#s;
    const extent: Rect = { r1: 1, c1: 1, r2: lastRow(s), c2: lastColumn(s) };
    const scope = this.#scope ?? extent;
    return { scope, r2: Math.min(scope.r2, extent.r2), c2: Math.min(scope.c2, extent.c2) };
  }

  /** Visit matching cells of `area` in order until `visit` returns false. */
  #scan(
    { scope, r2, c2 }: Area,
    test: (shown: string) => boolean,
    visit: (row: number, column: number) => boolean,
  ): void {
    const s = this.#s;
    const formulaCells = new Set(formulasIn(s, scope).map(([r, col]) => r * 100_000 + col));
    for (let r = scope.r1; r <= r2; r++) {
      const row = s.rows[r - 1];
      for (let col = scope.c1; col <= c2; col++) {
        let shown: string;
        if (formulaCells.size && formulaCells.has(r * 100_000 + col)) shown = ERROR_VALUE;
        else {
          const v = row?.[col - 1];
          if (v === undefined || v === null || v === '') continue;
          shown = typeof v === 'string' ? v : displayOf(v);
        }
        if (test(shown) && !visit(r, col)) return;
      }
    }
  }
}
