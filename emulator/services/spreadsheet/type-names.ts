import { plainTypeName } from '../../runtime/realm';
import { ChartOptionsObj, ContainerInfoObj, EmbeddedChartBuilderObj, EmbeddedChartObj } from './charts';
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
  if (v instanceof EmbeddedChartObj) return 'SpreadsheetApp.EmbeddedChart';
  if (v instanceof EmbeddedChartBuilderObj) return `SpreadsheetApp.${v}`;
  if (v instanceof ContainerInfoObj) return 'SpreadsheetApp.ContainerInfo';
  if (v instanceof ChartOptionsObj) return 'Charts.ChartOptions';
  return typeof v === 'function' ? 'Function' : 'Object';
}
