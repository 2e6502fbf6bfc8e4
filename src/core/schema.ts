import { USAGE_COLUMNS } from './health/usage';
import { ACCOUNT_COLUMNS, CONTACT_COLUMNS, CRISIS_IMPACTS, STAGES } from './records';

/**
 * The CRM workbook: every tab Holdfast reads or writes, its columns (the contract; users may add
 * their own and reorder), which of them must exist, and which have a fixed vocabulary (the setup
 * puts a dropdown on those).
 */
export interface TabSchema {
  name: TabName;
  columns: readonly string[];
  /** Without these the tab cannot be used; the rest read as empty when missing. */
  required: readonly string[];
  /** Columns with a fixed vocabulary, for data validation. */
  vocabularies: Readonly<Record<string, readonly string[]>>;
  /** One line for the README and the setup card. */
  purpose: string;
}

export const OFFER_TYPES = ['Discount', 'Split payment', 'Payment holiday', 'Free feature', 'Extended trial'] as const;
export type OfferType = (typeof OFFER_TYPES)[number];
export const OFFER_STATUSES = ['Proposed', 'Accepted', 'Declined', 'Active', 'Expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
/** What a rep may ask a customer for in return for a retention offer. */
export const ASKED_IN_RETURN = ['Referral', 'Partner webinar', 'Success story', 'Case study', 'Nothing'] as const;
export type AskedInReturn = (typeof ASKED_IN_RETURN)[number];
/**
 * Where what was asked in return stands: Asked (with the offer), Agreed (the customer said yes),
 * Delivered (done), Declined (the customer said no).
 */
export const RETURN_STATUSES = ['Asked', 'Agreed', 'Delivered', 'Declined'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
/**
 * The Offers columns of an offer's lifecycle: the day its outcome was set, what was asked in return
 * and where that stands. A sheet made before them gets them (at the end of row 1) when one is written.
 */
export const OFFER_LIFECYCLE_COLUMNS = ['Outcome on', 'Asked in return', 'Return status'] as const;

export type TabName =
  | 'Accounts'
  | 'Contacts'
  | 'Usage'
  | 'Activity'
  | 'Offers'
  | 'Templates'
  | 'Segments'
  | 'Campaigns'
  | 'Send log'
  | 'Recipients'
  | 'Settings'
  | 'Health history'
  | 'Milestones'
  | 'Import';

export const TABS: readonly TabSchema[] = [
  {
    name: 'Accounts',
    columns: ACCOUNT_COLUMNS,
    required: ['Account ID', 'Account', 'Domain', 'Owner'],
    vocabularies: { Stage: STAGES, 'Crisis impact': CRISIS_IMPACTS },
    purpose:
      'One row per customer company. Health, Health band, Flags, Health updated, Health detail and Card summary are written by Holdfast.',
  },
  {
    name: 'Contacts',
    columns: CONTACT_COLUMNS,
    required: ['Email', 'Account ID'],
    vocabularies: {},
    purpose: 'One row per person, keyed by Email.',
  },
  {
    name: 'Usage',
    columns: USAGE_COLUMNS,
    required: ['Account ID', 'Week'],
    vocabularies: {},
    purpose: 'One row per account per week: the source of frequency, breadth, depth, reach and trend.',
  },
  {
    name: 'Activity',
    columns: ['When', 'Who', 'Account ID', 'Email', 'Type', 'Details'],
    required: ['When', 'Type'],
    vocabularies: {},
    purpose: 'Append-only log written by Holdfast: notes, tag and stage changes, offers, emails.',
  },
  {
    name: 'Offers',
    columns: [
      'Offer ID',
      'Account ID',
      'Type',
      'Terms',
      'Starts',
      'Ends',
      'Status',
      'Logged by',
      'Logged at',
      ...OFFER_LIFECYCLE_COLUMNS,
    ],
    required: ['Offer ID', 'Account ID', 'Type'],
    vocabularies: {
      Type: OFFER_TYPES,
      Status: OFFER_STATUSES,
      'Asked in return': ASKED_IN_RETURN,
      'Return status': RETURN_STATUSES,
    },
    purpose:
      'Retention offers and their outcome. Outcome on is the day the Status was set to Accepted, Declined or Expired from the card; Return status says where what was Asked in return stands.',
  },
  {
    name: 'Templates',
    columns: ['Template ID', 'Name', 'Subject', 'Body', 'Format', 'Updated by', 'Updated at'],
    required: ['Template ID', 'Name', 'Subject', 'Body'],
    vocabularies: { Format: ['Text', 'HTML'] },
    purpose: 'Email templates with {{Column}} merge fields and {{Column|fallback}}.',
  },
  {
    name: 'Segments',
    columns: ['Segment ID', 'Name', 'Filter', 'Updated by', 'Updated at'],
    required: ['Segment ID', 'Name', 'Filter'],
    vocabularies: {},
    purpose: 'Saved, named filters over accounts and contacts.',
  },
  {
    name: 'Campaigns',
    columns: [
      'Campaign ID',
      'Name',
      'Segment ID',
      'Template ID',
      'Status',
      'Created by',
      'Created at',
      'Scheduled for',
      'Queued',
      'Sent',
      'Failed',
      'Skipped',
      'In doubt',
      'Replies',
      'Bounces',
      'Updated at',
    ],
    required: ['Campaign ID', 'Status'],
    vocabularies: {},
    purpose: 'One row per bulk send, with its counts.',
  },
  {
    name: 'Send log',
    columns: ['When', 'Campaign ID', 'Email', 'Account ID', 'Status', 'Detail'],
    required: ['Campaign ID', 'Email', 'Status'],
    vocabularies: {},
    purpose: 'Append-only: one row per recipient outcome of a campaign.',
  },
  {
    name: 'Recipients',
    columns: ['Campaign ID', 'Email', 'Account ID', 'Queued at'],
    required: ['Campaign ID', 'Email'],
    vocabularies: {},
    purpose:
      "Holdfast's own copy of whom each campaign was queued for: how it names people whose Send log rows were deleted. Leave it as it is.",
  },
  {
    name: 'Settings',
    columns: ['Key', 'Value', 'Description'],
    required: ['Key', 'Value'],
    vocabularies: {},
    purpose: 'Team settings: scorecard weights and thresholds, extra free-mail domains, alert fallback address.',
  },
  {
    name: 'Milestones',
    columns: ['Account ID', 'Milestone', 'Reached', 'Logged by'],
    required: ['Account ID', 'Milestone', 'Reached'],
    vocabularies: {},
    purpose:
      'When each onboarding milestone was reached: days to each milestone and to onboard. Optional; the Onboarding milestones done count still works alone.',
  },
  {
    name: 'Health history',
    columns: ['Week', 'Account ID', 'Health', 'Health band', 'Flags'],
    required: ['Week', 'Account ID', 'Health'],
    vocabularies: {},
    purpose: 'One row per account per week (kept lean for the 10-million-cell budget).',
  },
  {
    name: 'Import',
    columns: ['Email', 'First name', 'Last name', 'Account ID', 'Account', 'Domain'],
    required: [],
    vocabularies: {},
    purpose: 'Scratch tab: paste or File > Import a CSV here, then import it from the add-on.',
  },
];

export function tabSchema(name: TabName): TabSchema {
  const tab = TABS.find((t) => t.name === name);
  if (!tab) throw new Error(`unknown tab ${name}`);
  return tab;
}

/** Google Sheets holds at most 10 million cells per spreadsheet, across all tabs. */
export const SPREADSHEET_CELL_LIMIT = 10_000_000;
/** Warn well before the limit: past this share the homepage and setup card say so. */
export const CELL_WARNING_SHARE = 0.7;

export interface TabCheck {
  name: TabName;
  state: 'ok' | 'missing' | 'missing-columns';
  /** Required columns the tab lacks. */
  missingColumns: string[];
  /** Contract columns the tab lacks that are not required (read as empty). */
  absentColumns: string[];
}

/** The tabs without which Holdfast cannot work at all; the others can be added later. */
export const ESSENTIAL_TABS: readonly TabName[] = ['Accounts', 'Contacts'];

/** Compare a workbook's header rows (null: no such tab) with the schema. */
export function checkTabs(headerRows: (name: TabName) => readonly unknown[] | null): TabCheck[] {
  return TABS.map((tab) => checkTab(tab, headerRows(tab.name)));
}

/** Compare one tab's header row (null: no such tab) with its schema. */
export function checkTab(tab: TabSchema, row: readonly unknown[] | null): TabCheck {
  if (!row) return { name: tab.name, state: 'missing', missingColumns: tab.required.slice(), absentColumns: [] };
  const present = new Set(
    row.map((h) =>
      String(h ?? '')
        .trim()
        .replace(/\s+/g, ' ')
        .toLowerCase(),
    ),
  );
  const lacks = (c: string) => !present.has(c.toLowerCase());
  const missingColumns = tab.required.filter(lacks);
  const absentColumns = tab.columns.filter((c) => lacks(c) && !tab.required.includes(c));
  return { name: tab.name, state: missingColumns.length ? 'missing-columns' : 'ok', missingColumns, absentColumns };
}

/** Whether a workbook is near Google's cell limit, soon enough to archive before writes fail. */
export function nearCellLimit(cellsUsed: number, cellLimit = SPREADSHEET_CELL_LIMIT): boolean {
  return cellsUsed >= cellLimit * CELL_WARNING_SHARE;
}
