import { COSTS, FLUSH, isGuess, withGuessScale } from '../../emulator/cost-model';
import { MemoryWorkbookStore } from '../../emulator/runtime/world';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet';
import { newSheet, type WorkbookData } from '../../emulator/workbook/model';
import { testEnv } from '../helpers/env';

/** A sheet "Contacts" of `rows` rows × 3 columns, and a way to measure what a few calls cost. */
function setup(rows = 100) {
  const workbooks = new MemoryWorkbookStore();
  const data = Array.from({ length: rows }, (_, i) => [`row${i + 1}@example.com`, i, 'x']);
  const book: WorkbookData = { id: 'crm', name: 'CRM', sheets: [newSheet('Contacts', 0, data)] };
  workbooks.add(book);
  const env = testEnv({ workbooks, limitMs: 1e9 });
  const sheet = createSpreadsheetApp(env).openById('crm').getSheetByName('Contacts')!;
  const cost = (fn: () => void) => {
    const before = env.exec.simulatedMs;
    fn();
    return env.exec.simulatedMs - before;
  };
  return { env, sheet, cost };
}

describe('the cost model', () => {
  test('a write is queued cheaply and the next read pays the flush for the cells waiting', () => {
    const { env, sheet, cost } = setup();
    const write = cost(() => sheet.getRange(1, 1, 10, 3).setValues(Array.from({ length: 10 }, () => ['a', 'b', 'c'])));
    expect(write).toBeLessThan(10);
    expect(env.exec.pendingWriteCells).toBe(30);
    const readAfterWrite = cost(() => sheet.getRange(50, 1, 1, 3).getValues());
    const readAgain = cost(() => sheet.getRange(51, 1, 1, 3).getValues());
    expect(readAfterWrite - readAgain).toBeCloseTo(FLUSH.ms + FLUSH.perCellMs! * 30, 5);
    expect(env.exec.pendingWriteCells).toBe(0);
  });

  test('a small flush costs about 30 ms and a 4,000-cell one about 560 ms, as measured', () => {
    const { sheet, cost } = setup(1000);
    const env2 = setup(2000);
    sheet.getRange(1, 1).setValue('x');
    const small = cost(() => sheet.getRange(2, 1).getValue());
    env2.sheet.getRange(1, 1, 2000, 2).setValues(Array.from({ length: 2000 }, () => ['a', 'b']));
    const big = env2.cost(() => env2.sheet.getRange(2, 1).getValue());
    const read = COSTS['Range.getValue'].ms + COSTS['Sheet.getRange'].ms;
    expect(small - read).toBeCloseTo(30, 0);
    expect(big - read).toBeGreaterThan(540);
    expect(big - read).toBeLessThan(580);
  });

  test('the queue is applied at the end of the execution, and the wait is charged', () => {
    const { env, sheet, cost } = setup();
    sheet.getRange(1, 1).setValue('x');
    expect(cost(() => env.exec.finish())).toBeCloseTo(FLUSH.ms + FLUSH.perCellMs!, 5);
    expect(cost(() => env.exec.finish())).toBe(0);
  });

  test('consecutive getValue calls are served by the look-ahead cache; one after a write is not', () => {
    const { sheet, cost } = setup();
    const first = cost(() => sheet.getRange(1, 1).getValue());
    const next = cost(() => sheet.getRange(2, 1).getValue());
    expect(first).toBeGreaterThanOrEqual(80);
    expect(next).toBeLessThan(10);
    sheet.getRange(3, 3).setValue('y');
    expect(cost(() => sheet.getRange(3, 1).getValue())).toBeGreaterThanOrEqual(80);
  });

  test("a search's cost grows with the cells it searches, so a whole tab costs more than one column", () => {
    const small = setup(1_000);
    const big = setup(50_000);
    const column = (s: ReturnType<typeof setup>) =>
      s.cost(() => s.sheet.getRange('A2:A').createTextFinder('row7@example.com').findAll());
    const whole = (s: ReturnType<typeof setup>) => s.cost(() => s.sheet.createTextFinder('row7@example.com').findAll());
    expect(column(big)).toBeGreaterThan(column(small) * 5);
    expect(whole(big)).toBeCloseTo(
      COSTS['TextFinder.findAll'].ms + COSTS['TextFinder.findAll'].perCellMs! * 150_000,
      0,
    );
  });

  test('a sensitivity run scales the guessed rows only', () => {
    const { sheet, cost } = setup();
    const guessed = COSTS['Spreadsheet.getSheetByName'];
    const sourced = COSTS['Range.getValues'];
    expect(isGuess(guessed)).toBe(true);
    expect(isGuess(sourced)).toBe(false);
    const app = () => sheet.getParent().getSheetByName('Contacts');
    const at1 = cost(app);
    const at2 = withGuessScale(2, () => cost(app));
    const half = withGuessScale(0.5, () => cost(app));
    expect(at2).toBe(at1 * 2);
    expect(half).toBe(at1 / 2);
    const read = () => sheet.getRange(5, 1, 1, 3).getValues();
    expect(withGuessScale(2, () => cost(read))).toBe(cost(read));
  });
});
