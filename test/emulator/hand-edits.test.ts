import { applyHandEdit, editRotation, HAND_EDIT_KINDS } from '../../emulator/hand-edits';
import { newSheet, type WorkbookData } from '../../emulator/workbook/model';

function book(): WorkbookData {
  const s = newSheet('Log', 1, [
    ['Email', 'Status', 'Detail'],
    ['c@x.com', 'queued', ''],
    ['a@x.com', 'sent', 'ok'],
    ['b@x.com', '', 'later'],
  ]);
  s.formulas.C2 = '=LEN(A2)';
  s.validations = [{ a1: 'B2:B1000', values: ['queued', 'sent'], allowInvalid: false }];
  return { id: 'wb', name: 'wb', sheets: [s] };
}
const rows = (wb: WorkbookData) => wb.sheets[0].rows;

describe('hand edits a person makes to a tab', () => {
  it('sorts the rows under the header, blanks last, formulas moving with their rows', () => {
    const wb = book();
    applyHandEdit(wb, { kind: 'sort', tab: 'Log', column: 'Email' });
    expect(rows(wb).map((r) => r[0])).toEqual(['Email', 'a@x.com', 'b@x.com', 'c@x.com']);
    expect(wb.sheets[0].formulas).toEqual({ C4: '=LEN(A2)' });
    applyHandEdit(wb, { kind: 'sort', tab: 'Log', column: 'status', descending: true });
    expect(rows(wb).map((r) => r[1])).toEqual(['Status', 'sent', 'queued', '']);
  });
  it('inserts and deletes rows under the header, never the header itself', () => {
    const wb = book();
    applyHandEdit(wb, { kind: 'insertRows', tab: 'Log', at: 2, count: 2 });
    expect(rows(wb)[3][0]).toBe('c@x.com');
    expect(wb.sheets[0].formulas).toEqual({ C4: '=LEN(A2)' });
    applyHandEdit(wb, { kind: 'deleteRows', tab: 'Log', at: 2, count: 3 });
    expect(rows(wb).map((r) => r[0])).toEqual(['Email', 'a@x.com', 'b@x.com']);
    expect(() => applyHandEdit(wb, { kind: 'deleteRows', tab: 'Log', at: 1, count: 1 })).toThrow(/header/);
  });
  it('inserts, deletes, moves and renames columns, validations following', () => {
    const wb = book();
    applyHandEdit(wb, { kind: 'insertColumn', tab: 'Log', at: 2, header: 'Our notes' });
    expect(rows(wb)[0]).toEqual(['Email', 'Our notes', 'Status', 'Detail']);
    expect(wb.sheets[0].validations[0].a1).toBe('C2:C1000');
    expect(wb.sheets[0].formulas).toEqual({ D2: '=LEN(A2)' });
    applyHandEdit(wb, { kind: 'moveColumn', tab: 'Log', column: 'Detail', to: 1 });
    expect(rows(wb)[0]).toEqual(['Detail', 'Email', 'Our notes', 'Status']);
    expect(rows(wb)[2]).toEqual(['ok', 'a@x.com', '', 'sent']);
    expect(wb.sheets[0].formulas).toEqual({ A2: '=LEN(A2)' });
    applyHandEdit(wb, { kind: 'deleteColumn', tab: 'Log', column: 'Our notes' });
    expect(rows(wb)[0]).toEqual(['Detail', 'Email', 'Status']);
    expect(wb.sheets[0].validations[0].a1).toBe('C2:C1000');
    applyHandEdit(wb, { kind: 'renameColumn', tab: 'Log', column: 'Detail', to: 'Details (ours)' });
    expect(rows(wb)[0][0]).toBe('Details (ours)');
  });
  it('types a value into a cell, replacing a formula there', () => {
    const wb = book();
    applyHandEdit(wb, { kind: 'type', tab: 'Log', row: 2, column: 'Detail', value: 'STOP' });
    expect(rows(wb)[1][2]).toBe('STOP');
    expect(wb.sheets[0].formulas).toEqual({});
  });
  it('rotates through every kind of edit, the same for the same seed, sparing required columns', () => {
    const a = editRotation(7, 'Log', ['Email', 'Status']);
    const b = editRotation(7, 'Log', ['Email', 'Status']);
    const kinds = new Set<string>();
    for (let i = 0; i < 3 * HAND_EDIT_KINDS.length; i++) {
      const wa = book();
      const ea = a(wa, i);
      expect(b(book(), i)).toEqual(ea);
      kinds.add(ea.kind);
      if (ea.kind === 'deleteColumn' || ea.kind === 'renameColumn') expect(ea.column).toBe('Detail');
      applyHandEdit(wa, ea);
    }
    expect([...kinds].sort()).toEqual([...HAND_EDIT_KINDS].sort());
  });
});
