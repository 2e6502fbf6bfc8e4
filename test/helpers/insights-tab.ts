import type { CellValue, WorkbookData } from '../../emulator/workbook/model';
import { tabRows } from './crm-fixture';
import type { RawBook, Row } from './insights-expected';

/** The book's Insights tab, as the daily scan left it (undefined: none). */
export const insightsTab = (wb: WorkbookData) => wb.sheets.find((s) => s.name === 'Insights');

/** A figure's table as the tab shows it: the rows under its header, down to its footer. */
export function insightsTable(
  wb: WorkbookData,
  title: string,
): { header: CellValue[]; rows: CellValue[][]; footer: CellValue[][] } {
  const rows = insightsTab(wb)!.rows.map((r) => [...r]);
  const at = rows.findIndex((r) => r[0] === title);
  if (at < 1) throw new Error(`no figure "${title}" in the Insights tab`);
  const header = rows[at + 2].filter((c) => c !== '');
  const body: CellValue[][] = [];
  let i = at + 3;
  for (; i < rows.length && !String(rows[i][0]).startsWith('Not read:') && rows[i][0] !== 'All offers'; i++)
    body.push(rows[i].slice(0, header.length));
  return { header, rows: body, footer: rows.slice(i, i + 2).map((r) => r.slice(0, header.length)) };
}

/** The book's cells as test/helpers/insights-expected recomputes the figures from them (in USD). */
export function rawBook(wb: WorkbookData, today: Date): RawBook {
  const rows = (name: string) => tabRows(wb, name as never) as unknown as Row[];
  return {
    today,
    accounts: rows('Accounts'),
    usage: rows('Usage'),
    history: rows('Health history'),
    milestones: [],
    offers: rows('Offers'),
    activity: rows('Activity'),
    rates: { USD: 1 },
    base: 'USD',
  };
}
