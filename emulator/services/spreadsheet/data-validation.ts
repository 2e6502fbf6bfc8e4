import type { Ctx } from './context';

/** SpreadsheetApp.DataValidationCriteria. Apps Script's enum values are objects whose String() is the name; strings compare the same way with ===. */
export const DATA_VALIDATION_CRITERIA = Object.freeze(
  Object.fromEntries(
    [
      'DATE_AFTER',
      'DATE_BEFORE',
      'DATE_BETWEEN',
      'DATE_EQUAL_TO',
      'DATE_IS_VALID_DATE',
      'DATE_NOT_BETWEEN',
      'DATE_ON_OR_AFTER',
      'DATE_ON_OR_BEFORE',
      'NUMBER_BETWEEN',
      'NUMBER_EQUAL_TO',
      'NUMBER_GREATER_THAN',
      'NUMBER_GREATER_THAN_OR_EQUAL_TO',
      'NUMBER_LESS_THAN',
      'NUMBER_LESS_THAN_OR_EQUAL_TO',
      'NUMBER_NOT_BETWEEN',
      'NUMBER_NOT_EQUAL_TO',
      'TEXT_CONTAINS',
      'TEXT_DOES_NOT_CONTAIN',
      'TEXT_EQUAL_TO',
      'TEXT_IS_VALID_EMAIL',
      'TEXT_IS_VALID_URL',
      'VALUE_IN_LIST',
      'VALUE_IN_RANGE',
      'CUSTOM_FORMULA',
      'CHECKBOX',
    ].map((k) => [k, k]),
  ),
);

/** SpreadsheetApp.newDataValidation(): only list rules (requireValueInList) are emulated. */
export class DataValidationBuilderObj {
  readonly #c: Ctx;
  #values: string[] | null = null;
  #showDropdown = true;
  /** The documented default for new rules is true (show a warning, accept the input). */
  #allowInvalid = true;
  #helpText: string | null = null;

  constructor(c: Ctx, from?: DataValidationObj) {
    this.#c = c;
    if (from) {
      const spec = DataValidationObj.specOf(from);
      this.#values = [...spec.values];
      this.#showDropdown = spec.showDropdown;
      this.#allowInvalid = spec.allowInvalid;
      this.#helpText = spec.helpText;
    }
  }

  requireValueInList(values: unknown, showDropdown?: unknown): DataValidationBuilderObj {
    const c = this.#c;
    c.charge('DataValidationBuilder.requireValueInList');
    if (
      !Array.isArray(values) ||
      values.some((v) => typeof v !== 'string') ||
      (showDropdown !== undefined && typeof showDropdown !== 'boolean')
    ) {
      throw c.badArgs('DataValidationBuilder.requireValueInList', [values, showDropdown]);
    }
    this.#values = [...values] as string[];
    this.#showDropdown = showDropdown === undefined ? true : (showDropdown as boolean);
    return this;
  }

  setAllowInvalid(allowInvalidData: unknown): DataValidationBuilderObj {
    this.#c.charge('DataValidationBuilder.setAllowInvalid');
    if (typeof allowInvalidData !== 'boolean')
      throw this.#c.badArgs('DataValidationBuilder.setAllowInvalid', [allowInvalidData]);
    this.#allowInvalid = allowInvalidData;
    return this;
  }

  setHelpText(helpText: unknown): DataValidationBuilderObj {
    this.#c.charge('DataValidationBuilder.setHelpText');
    if (typeof helpText !== 'string') throw this.#c.badArgs('DataValidationBuilder.setHelpText', [helpText]);
    this.#helpText = helpText;
    return this;
  }

  build(): DataValidationObj {
    this.#c.charge('DataValidationBuilder.build');
    // Google's message for a rule without criteria is not known; such a rule is useless, so refuse it.
    if (!this.#values)
      throw this.#c.fail('Emulator: the data validation rule has no criteria (only requireValueInList is emulated)');
    return new DataValidationObj(this.#c, {
      values: [...this.#values],
      showDropdown: this.#showDropdown,
      allowInvalid: this.#allowInvalid,
      helpText: this.#helpText,
    });
  }

  toString(): string {
    return 'DataValidationBuilder';
  }
}

interface ValidationSpec {
  values: readonly string[];
  showDropdown: boolean;
  allowInvalid: boolean;
  helpText: string | null;
}

export class DataValidationObj {
  readonly #c: Ctx;
  readonly #spec: ValidationSpec;

  constructor(c: Ctx, spec: ValidationSpec) {
    this.#c = c;
    this.#spec = spec;
  }

  /** The rule's settings, for this module; static so the sandbox sees only Apps Script's getters. */
  static specOf(rule: DataValidationObj): ValidationSpec {
    return rule.#spec;
  }

  getCriteriaType(): string {
    this.#c.charge('DataValidation.getCriteriaType');
    return DATA_VALIDATION_CRITERIA.VALUE_IN_LIST;
  }

  /** For a list rule: [values, showDropdown], as Apps Script returns. */
  getCriteriaValues(): unknown[] {
    this.#c.charge('DataValidation.getCriteriaValues');
    return this.#c.env.realm.import([[...this.#spec.values], this.#spec.showDropdown]);
  }

  getAllowInvalid(): boolean {
    this.#c.charge('DataValidation.getAllowInvalid');
    return this.#spec.allowInvalid;
  }

  getHelpText(): string | null {
    this.#c.charge('DataValidation.getHelpText');
    return this.#spec.helpText;
  }

  copy(): DataValidationBuilderObj {
    this.#c.charge('DataValidation.copy');
    return new DataValidationBuilderObj(this.#c, this);
  }

  toString(): string {
    return 'DataValidation';
  }
}
