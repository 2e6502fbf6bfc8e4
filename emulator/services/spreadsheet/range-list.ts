import type { Ctx } from './context';
import { RangeObj } from './range';

/**
 * A RangeList: ranges of one sheet (Sheet.getRangeList), written together. Per Google's reference,
 * setValue and clearContent apply to every range of the list in one call; getRanges hands back the
 * ranges themselves, each a Range of its own.
 */
export class RangeListObj {
  readonly #c: Ctx;
  readonly #ranges: RangeObj[];

  constructor(c: Ctx, ranges: RangeObj[]) {
    this.#c = c;
    this.#ranges = ranges;
  }

  /** Cells of every range together: what a write of the list queues. */
  get #cells(): number {
    return this.#ranges.reduce((n, r) => n + RangeObj.cellsOf(r), 0);
  }

  getRanges(): RangeObj[] {
    this.#c.charge('RangeList.getRanges');
    return this.#c.list([...this.#ranges]);
  }

  /** Every cell of every range gets the value: one call, whatever the number of ranges. */
  setValue(value: unknown): RangeListObj {
    const c = this.#c;
    c.charge('RangeList.setValue', this.#cells);
    if (Array.isArray(value)) throw c.badArgs('RangeList.setValue', [value]);
    for (const r of this.#ranges) RangeObj.fill(r, value, 'RangeList.setValue');
    return this;
  }

  clearContent(): RangeListObj {
    this.#c.charge('RangeList.clearContent', this.#cells);
    for (const r of this.#ranges) RangeObj.clear(r);
    return this;
  }

  toString(): string {
    return 'RangeList';
  }
}
