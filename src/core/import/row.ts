import { type Cell, isBlank, text } from '../cells';
import type { Mapped } from './columns';
import type { ImportValue, Values } from './values';

export interface RowFields {
  contact: { m: Mapped; value: ImportValue }[];
  account: { m: Mapped; value: ImportValue }[];
  link: string;
  accountName: string;
  domain: string;
  fullName: string;
  emailRaw: string;
  hasContactData: boolean;
  hasAccountData: boolean;
  errors: string[];
}

/**
 * One source row by role: the contact's and the account's validated values, the values that find an
 * account (Account ID, name, domain), and every value that did not parse. A blank cell is no value.
 */
export function readRow(cells: Cell[], mapped: readonly Mapped[], values: Values): RowFields {
  const f: RowFields = {
    contact: [],
    account: [],
    link: '',
    accountName: '',
    domain: '',
    fullName: '',
    emailRaw: '',
    hasContactData: false,
    hasAccountData: false,
    errors: [],
  };
  for (const m of mapped) {
    const v = m.index < cells.length ? cells[m.index] : '';
    if (isBlank(v)) continue;
    if (m.role === 'fullName') {
      f.fullName = text(v);
      f.hasContactData = true;
      continue;
    }
    if (m.role === 'contact') f.hasContactData = true;
    else f.hasAccountData = true;
    if (m.field === 'Email' && m.role === 'contact') {
      f.emailRaw = text(v);
      continue; // validated by the caller, which words its own messages
    }
    const p = values.parse(m.field, m.kind, v);
    if (!p.ok) {
      f.errors.push(p.error.message);
      continue;
    }
    if (p.value.key === '' && m.kind !== 'custom') continue;
    if (m.role === 'link') f.link = p.value.cell as string;
    else if (m.role === 'contact') f.contact.push({ m, value: p.value });
    else {
      if (m.field === 'Account' && m.kind !== 'custom') f.accountName = p.value.cell as string;
      if (m.field === 'Domain' && m.kind !== 'custom') f.domain = p.value.cell as string;
      f.account.push({ m, value: p.value });
    }
  }
  return f;
}
