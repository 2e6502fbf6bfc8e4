import { plainTypeName } from '../../runtime/realm';
import { DataValidationObj } from './data-validation';
import { RangeObj } from './range';
import { RangeListObj } from './range-list';
import { SheetObj } from './sheet';
import { SpreadsheetObj } from './spreadsheet';

/** How Apps Script names an argument's type in "The parameters (…) don't match" messages. */
export function typeName(v: unknown): string {
  const plain = plainTypeName(v);
  if (plain !== null) return plain;
  if (Array.isArray(v)) return `${v.length ? typeName(v[0]) : 'Object'}[]`;
  if (v instanceof SheetObj) return 'SpreadsheetApp.Sheet';
  if (v instanceof RangeObj) return 'SpreadsheetApp.Range';
  if (v instanceof RangeListObj) return 'SpreadsheetApp.RangeList';
  if (v instanceof SpreadsheetObj) return 'SpreadsheetApp.Spreadsheet';
  if (v instanceof DataValidationObj) return 'SpreadsheetApp.DataValidation';
  return typeof v === 'function' ? 'Function' : 'Object';
}
