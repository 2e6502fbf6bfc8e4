import { generateDemo } from '../demo/generate';
import type { MailboxMessage } from '../emulator/runtime/world';
import type { WorkbookData } from '../emulator/workbook/model';

/** Demo CRMs of a given size, built in memory (writing .xlsx is not what is measured). */
export function demoBook(contacts: number): { workbook: WorkbookData; mailbox: MailboxMessage[] } {
  const accounts = Math.max(10, Math.round(contacts / 5));
  return generateDemo({ accounts, seed: 7, contacts });
}

/** The value of column `name` in data row `i` of a tab. */
export function cell(wb: WorkbookData, tab: string, name: string, i: number): string {
  const sheet = wb.sheets.find((s) => s.name === tab)!;
  const col = sheet.rows[0].indexOf(name);
  return String(sheet.rows[1 + i][col]);
}
