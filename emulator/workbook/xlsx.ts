import * as fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { type CellValue, type ChartSpec, newSheet, type SheetData, type WorkbookData } from './model';

/**
 * Charts in the file: SheetJS (the community edition) neither reads nor writes .xlsx chart parts, so
 * a workbook's embedded charts travel as one custom document property (File > Properties > Custom in
 * a spreadsheet program), JSON of each tab's ChartSpec list by tab name. Spreadsheet programs keep
 * custom properties when they save the file; they do not draw these charts.
 */
export const CHARTS_PROPERTY = 'Holdfast charts';

/**
 * Read and write the emulator's workbooks as real .xlsx files with SheetJS, so a user can open the
 * demo CRM in any spreadsheet program and the emulator reads a workbook made by hand.
 */
export function readWorkbookFile(path: string, id: string): WorkbookData {
  // A date cell is a serial day number with no zone; `UTC` makes SheetJS hand it over as the Date
  // whose UTC fields are that wall-clock value, as the model keeps dates (see CellValue), whatever
  // the host's zone.
  const wb = XLSX.read(fs.readFileSync(path), {
    type: 'buffer',
    cellDates: true,
    dense: true,
    cellFormula: true,
    UTC: true,
  });
  const sheets: SheetData[] = wb.SheetNames.map((name, i) => {
    const ws = wb.Sheets[name];
    const sheet = newSheet(name, i === 0 ? 0 : 1000 + i, []);
    const ref = ws['!ref'];
    if (!ref) return sheet;
    const range = XLSX.utils.decode_range(ref);
    // Dense mode: rows of cells under '!data', with holes where a row or cell is empty.
    const data = ws['!data'] ?? [];
    const rows: CellValue[][] = [];
    for (let r = 0; r <= range.e.r; r++) {
      const src = data[r] ?? [];
      const row: CellValue[] = [];
      for (let c = 0; c <= range.e.c; c++) {
        const cell = src[c];
        if (!cell) {
          row.push('');
          continue;
        }
        if (cell.f) sheet.formulas[XLSX.utils.encode_cell({ r, c })] = `=${cell.f}`;
        row.push(cellValue(cell));
      }
      while (row.length && row[row.length - 1] === '') row.pop();
      rows.push(row);
    }
    while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
    sheet.rows = rows;
    sheet.maxRows = Math.max(sheet.maxRows, rows.length);
    sheet.maxColumns = Math.max(sheet.maxColumns, range.e.c + 1);
    const frozen = (ws['!freeze'] as { ySplit?: number } | undefined)?.ySplit;
    if (frozen) sheet.frozenRows = frozen;
    return sheet;
  });
  const charts = chartsIn(wb, path);
  for (const sheet of sheets) if (charts[sheet.name]) sheet.charts = charts[sheet.name];
  return { id, name: wb.Props?.Title || basenameOf(path), sheets, path };
}

function chartsIn(wb: XLSX.WorkBook, path: string): Record<string, ChartSpec[]> {
  const text = (wb.Custprops as Record<string, unknown> | undefined)?.[CHARTS_PROPERTY];
  if (text === undefined) return {};
  try {
    const parsed = JSON.parse(String(text)) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, ChartSpec[]>;
  } catch {
    // reported below
  }
  throw new Error(`${path}: the custom property "${CHARTS_PROPERTY}" is not the JSON of the workbook's charts`);
}

/**
 * JSON with every character past ASCII escaped (\uXXXX): still the same JSON, and SheetJS reads a
 * custom property's non-ASCII text back garbled.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function cellValue(cell: XLSX.CellObject): CellValue {
  switch (cell.t) {
    case 'n':
      return typeof cell.v === 'number' ? cell.v : Number(cell.v);
    case 'b':
      return Boolean(cell.v);
    case 'd':
      return cell.v instanceof Date ? cell.v : new Date(String(cell.v));
    case 'e':
      return '#ERROR!';
    case 'z':
      return '';
    default:
      return cell.v === undefined || cell.v === null ? '' : String(cell.v);
  }
}

export function writeWorkbookFile(data: WorkbookData, path: string): void {
  const wb = XLSX.utils.book_new();
  wb.Props = { Title: data.name };
  for (const sheet of data.sheets) {
    // `UTC`: a Date's UTC fields are the cell's wall-clock value (see CellValue); by default SheetJS
    // would read them in the host's zone and shift every date written from a host not on UTC.
    const ws = XLSX.utils.aoa_to_sheet(sheet.rows.length ? sheet.rows : [[]], {
      cellDates: true,
      dense: true,
      UTC: true,
    } as XLSX.AOA2SheetOpts);
    const cells = (ws['!data'] ??= []);
    for (const [addr, f] of Object.entries(sheet.formulas)) {
      const { r, c } = XLSX.utils.decode_cell(addr);
      (cells[r] ??= [])[c] = { t: 's', f: f.replace(/^=/, ''), v: '' } as XLSX.CellObject;
    }
    const extent = XLSX.utils.decode_range(ws['!ref'] ?? 'A1');
    for (const addr of Object.keys(sheet.formulas)) {
      const { r, c } = XLSX.utils.decode_cell(addr);
      extent.e.r = Math.max(extent.e.r, r);
      extent.e.c = Math.max(extent.e.c, c);
    }
    ws['!ref'] = XLSX.utils.encode_range(extent);
    // SheetJS writes every row up to the extent and fails on a missing one (a formula below the data).
    for (let r = 0; r <= extent.e.r; r++) cells[r] ??= [];
    if (sheet.frozenRows) ws['!freeze'] = { xSplit: 0, ySplit: sheet.frozenRows } as unknown as XLSX.CellObject;
    XLSX.utils.book_append_sheet(wb, ws, sheet.name);
  }
  const charts = Object.fromEntries(data.sheets.filter((s) => s.charts?.length).map((s) => [s.name, s.charts]));
  if (Object.keys(charts).length) wb.Custprops = { [CHARTS_PROPERTY]: asciiJson(charts) };
  const tmp = `${path}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', cellDates: true, compression: true }));
  fs.renameSync(tmp, path);
}

function basenameOf(path: string): string {
  return path.replace(/^.*[\\/]/, '').replace(/\.xlsx$/i, '');
}
