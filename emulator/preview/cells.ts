import type { CellValue } from '../workbook/model';

/** A cell as the Workbook panel shows it: dates as their wall-clock day (and time), booleans as Sheets writes them. */
export function cellText(v: CellValue | undefined): string {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return 'Invalid date';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v ?? '');
}
