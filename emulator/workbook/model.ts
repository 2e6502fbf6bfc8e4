/**
 * The in-memory spreadsheet the emulator serves. Values are strings, numbers, booleans and Dates, with
 * '' for an empty cell.
 *
 * A Date here is a wall-clock value, not an instant: its UTC fields are the date and time the cell
 * shows (2027-01-15 is Date.UTC(2027, 0, 15)). Sheets stores a date as a serial day number with no
 * zone (Sheets API, DateTimeRenderOption SERIAL_NUMBER: days since 1899-12-30), and so does .xlsx;
 * Apps Script turns it into an instant by the spreadsheet's time zone only when a script reads it
 * (services/spreadsheet/values.ts, instantOf / wallOf).
 */
export type CellValue = string | number | boolean | Date;

export interface ValidationRule {
  /** A1 range inside the sheet the rule covers, e.g. "E2:E1000". */
  a1: string;
  /** Allowed values for a list rule. */
  values: string[];
  allowInvalid: boolean;
}

export interface SheetData {
  name: string;
  sheetId: number;
  /** Row-major, ragged allowed: a missing cell reads as ''. rows[0] is row 1. */
  rows: CellValue[][];
  /** Formulas by A1 address (e.g. "B2" → "=SUM(A1:A3)"); their cells read as an error value here. */
  formulas: Record<string, string>;
  frozenRows: number;
  /** Rows (1-based) whose font is bold, as a set of row numbers; enough for header styling. */
  boldRows: number[];
  validations: ValidationRule[];
  /** Declared grid size, never less than the data. */
  maxRows: number;
  maxColumns: number;
  /** Embedded charts on this tab (Sheet.insertChart), in the order inserted; absent on older snapshots. */
  charts?: ChartSpec[];
}

/**
 * One embedded chart as Sheets keeps it: what its EmbeddedChartBuilder set. Its data is not copied:
 * the ranges are read whenever the chart is drawn, as Sheets draws a chart from the cells it names.
 */
export interface ChartSpec {
  /** Unique across the spreadsheet (EmbeddedChart.getChartId). */
  chartId: number;
  /** A Charts.ChartType name: 'LINE', 'COLUMN', 'PIE'… */
  type: string;
  /** The data ranges, in the order added, as A1 with their tab ("Insights!A1:B13", "'Health history'!A:C"). */
  ranges: string[];
  /** setOption(option, value) by option, as given ('title', 'legend', 'animation.duration'…). */
  options: Record<string, unknown>;
  /** The top-left corner: in cell (row, column), both 1-based, moved right and down by offsetX/Y pixels. */
  position: { row: number; column: number; offsetX: number; offsetY: number };
  /** Rows (or columns, transposed) of the data that are headers; -1 when never set, and Sheets guesses. */
  numHeaders: number;
  transpose: boolean;
  /** Charts.ChartHiddenDimensionStrategy and Charts.ChartMergeStrategy names. */
  hiddenDimensionStrategy: string;
  mergeStrategy: string;
}

/** The charts of a tab, for tests and the preview; a sheet from an older snapshot has none. */
export function chartsOf(sheet: SheetData): ChartSpec[] {
  return sheet.charts ?? [];
}

/** Drive's sharing of a spreadsheet, as far as opening it goes: its owner and its editors (lower-case addresses). */
export interface WorkbookAccess {
  owner: string;
  editors: string[];
}

export interface WorkbookData {
  id: string;
  name: string;
  sheets: SheetData[];
  /** Where the workbook came from and is saved back to, when it is a file. */
  path?: string;
  /**
   * Who may open it. Absent, every user of the world may: a workbook given with --workbook or built by
   * a test stands for a sheet the whole team already has. SpreadsheetApp.create sets it.
   */
  access?: WorkbookAccess;
  /**
   * The spreadsheet's own time zone (an IANA id, Spreadsheet.getSpreadsheetTimeZone), which Google
   * keeps apart from the script's (the manifest's timeZone) and the user's: the zone its date cells
   * are read and written in. Absent (a workbook from .xlsx, which has no zone, an older snapshot, a
   * test's fixture), the script's time zone (world.timeZone) stands in for it.
   */
  timeZone?: string;
}

/** Whether `user` (lower-case) may open the workbook: its owner or an editor, or anyone when it has no access list. */
export function mayOpen(wb: WorkbookData, user: string): boolean {
  return !wb.access || wb.access.owner === user || wb.access.editors.includes(user);
}

/** Google Sheets' documented limits (support.google.com/docs/answer/37603). */
export const SHEET_LIMITS = {
  cellsPerSpreadsheet: 10_000_000,
  columnsPerSheet: 18_278,
  charactersPerCell: 50_000,
  /** A new sheet's grid in Google Sheets. */
  defaultRows: 1000,
  defaultColumns: 26,
} as const;

export function newSheet(name: string, sheetId: number, rows: CellValue[][] = []): SheetData {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  return {
    name,
    sheetId,
    rows,
    formulas: {},
    frozenRows: 0,
    boldRows: [],
    validations: [],
    charts: [],
    maxRows: Math.max(SHEET_LIMITS.defaultRows, rows.length),
    // A new, empty sheet has Google's default 26 columns; one that arrives with data (an imported
    // file) is as wide as its data, which matters against the 10-million-cell budget.
    maxColumns: width > 0 ? width : SHEET_LIMITS.defaultColumns,
  };
}
