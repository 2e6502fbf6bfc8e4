import { isDate } from '../../runtime/realm';
import { type CellValue, SHEET_LIMITS, type WorkbookData } from '../../workbook/model';
import { cellA1, contains, type Rect } from './a1';
import { type Ctx, MSG } from './context';
import { plainTextRects, type Sheet as SheetModel, strictValidations } from './grid';
import { displayOf, type Entered, enterText, wallOf } from './values';

/**
 * Turn values from the sandbox into stored cell values for the block `rect`, checking every
 * documented limit and strict validation before anything is written, so a refused write leaves
 * the sheet as it was. `raw` stores strings as they are (the Sheets API's RAW input, as a plain-text
 * cell takes them) while keeping every check: a raw write is no less bound by Google's limits.
 */
export function enterBlock(
  c: Ctx,
  wb: WorkbookData,
  s: SheetModel,
  rect: Rect,
  rows: readonly unknown[][],
  method: string,
  { raw = false }: { raw?: boolean } = {},
): {
  values: CellValue[][];
  formulas: Array<Array<string | undefined>> | null;
} {
  const tz = c.zoneOf(wb);
  const plain = plainTextRects(s, rect);
  const strict = strictValidations(s, rect);
  const values: CellValue[][] = new Array(rows.length);
  let formulas: Array<Array<string | undefined>> | null = null;
  for (let i = 0; i < rows.length; i++) {
    const src = rows[i];
    const out: CellValue[] = new Array(src.length);
    const row = rect.r1 + i;
    for (let j = 0; j < src.length; j++) {
      const column = rect.c1 + j;
      const isPlain = raw || (plain.length > 0 && plain.some((r) => contains(r, row, column)));
      const e = enter(c, src[j], isPlain, tz, method);
      out[j] = e.value;
      if (e.formula !== undefined) {
        formulas ??= rows.map(() => []);
        formulas[i][j] = e.formula;
      }
      if (strict.length && e.value !== '') {
        const shown = displayOf(e.value);
        for (const rule of strict) {
          if (contains(rule.rect, row, column) && !rule.allowed.has(shown))
            throw c.fail(MSG.validation(cellA1(row, column)));
        }
      }
    }
    values[i] = out;
  }
  return { values, formulas };
}

function enter(c: Ctx, v: unknown, plainText: boolean, tz: string, method: string): Entered {
  if (v === null || v === undefined) return { value: '' };
  switch (typeof v) {
    case 'string':
      if (v.length > SHEET_LIMITS.charactersPerCell) throw c.fail(MSG.cellChars);
      return plainText ? { value: v } : enterText(v);
    case 'number':
      // What Sheets stores for NaN or Infinity is not documented; writing one is a bug, so refuse it.
      if (!Number.isFinite(v))
        throw c.fail(`Emulator: ${v} cannot be stored in a cell (${method}); Google's behaviour is not documented`);
      return { value: v };
    case 'boolean':
      return { value: v };
  }
  if (isDate(v)) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) throw c.fail(`Emulator: an invalid Date cannot be stored in a cell (${method})`);
    // The cell keeps what the sheet's clock showed at that instant (see CellValue).
    return { value: new Date(wallOf(ms, tz)) };
  }
  // Sheets would store the object's string form ("{a=1.0}", "[Ljava.lang.Object;…"): never what was meant.
  throw c.fail(
    `Emulator: a value of type ${c.typeName(v)} cannot be stored in a cell (${method}); convert it to a string, number, boolean or Date first`,
  );
}
