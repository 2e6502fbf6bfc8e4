import { checkTab, type TabName, tabSchema } from '../core/schema';
import { serialiseSegmentFilter } from '../core/segment';
import { WINBACK_LIBRARY } from '../core/winback';
import type { Crm } from '../store/crm';

/**
 * Put the win-back library (core/winback) in the sheet: its templates in Templates, its segments in
 * Segments. Each row is found by its ID at write time and appended only when no row has that ID, so
 * a second press adds nothing and a row someone edited stays as they left it. A tab that is missing
 * or lacks its required columns is left alone (Add missing tabs adds it, then installs). Returns the
 * IDs added.
 */
export function installWinBackLibrary(crm: Crm, now: Date): { templates: string[]; segments: string[] } {
  const usable = (name: TabName) =>
    checkTab(tabSchema(name), crm.ctx.workbook.tab(name)?.headerRow() ?? null).state === 'ok';
  const updated = { 'Updated by': crm.ctx.user, 'Updated at': crm.stamp(now) };
  const templates = usable('Templates')
    ? crm.templates.createMissing(
        WINBACK_LIBRARY.map(({ template: t }) => ({
          'Template ID': t.id,
          Name: t.name,
          Subject: t.subject,
          Body: t.body,
          Format: t.format,
          ...updated,
        })),
      )
    : [];
  const segments = usable('Segments')
    ? crm.segments.createMissing(
        WINBACK_LIBRARY.map(({ segment: s }) => ({
          'Segment ID': s.id,
          Name: s.name,
          Filter: serialiseSegmentFilter(s.conditions),
          ...updated,
        })),
      )
    : [];
  return { templates, segments };
}
