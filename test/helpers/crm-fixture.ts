import * as path from 'node:path';
import { connectCrm } from '../../emulator/connect';
import { Runtime } from '../../emulator/runtime/runtime';
import { deployWebApp } from '../../emulator/runtime/webapp';
import { createWorld, type MailboxMessage, MemoryWorkbookStore } from '../../emulator/runtime/world';
import { instantOf, zoneOffset } from '../../emulator/services/spreadsheet/values';
import { type CellValue, newSheet, type WorkbookData } from '../../emulator/workbook/model';
import { LocalWorkspace } from '../../emulator/workspace';
import { teamPrefix } from '../../src/core/keys';
import { TABS } from '../../src/core/schema';

export const BUILD = path.resolve(__dirname, '..', '..', 'build');
export const USER = 'am@holdfast.example';

type Row = Record<string, CellValue>;

/**
 * The time zones the product suites run in: the CRM sheet's (File › Settings) and the user's (their
 * Google account's, which Gmail's events carry). By default a pair either side of UTC, so that a
 * product reading an instant's day in UTC, or in the wrong one of the two, fails; `npm run
 * test:zones` runs the suites again for each pair of its matrix (HOLDFAST_SHEET_ZONE, HOLDFAST_USER_ZONE).
 */
export const ZONES = {
  sheet: process.env.HOLDFAST_SHEET_ZONE || 'Europe/Berlin',
  user: process.env.HOLDFAST_USER_ZONE || 'America/New_York',
};

/**
 * The instant a wall-clock time ("2026-11-23T07:00") stands for on the CRM sheet's clock: a test that
 * means "07:00, after the scan hour" means it on the team's clock, wherever the sheet is.
 */
export function sheetClock(wall: string): number {
  return instantOf(Date.parse(`${wall}Z`), ZONES.sheet);
}

/** A workbook with every tab of the schema and the given rows (by header name), in the sheet zone of ZONES. */
export function crmWorkbook(rows: Partial<Record<string, Row[]>>, id = 'crm-test'): WorkbookData {
  const sheets = TABS.map((tab, i) => {
    const data = rows[tab.name] ?? [];
    const body = data.map((r) => tab.columns.map((c) => (r[c] ?? '') as CellValue));
    return newSheet(tab.name, i, [tab.columns.slice(), ...body]);
  });
  return { id, name: 'Holdfast CRM (test)', sheets, timeZone: ZONES.sheet };
}

export function account(id: string, name: string, domain: string, extra: Row = {}): Row {
  return {
    'Account ID': id,
    Account: name,
    Domain: domain,
    Owner: USER,
    Stage: 'Engaged',
    Industry: 'Software',
    Plan: 'Growth',
    MRR: 1200,
    Currency: 'USD',
    ...extra,
  };
}

/**
 * A Health detail as the scan writes it: these weekly scores, and these flags first seen on these
 * days (`flagged`), or raised with no first-seen days kept (`flags` alone: a detail from before).
 */
export function healthDetail(
  weekly: Array<[string, number]>,
  flagged?: Array<[string, string]>,
  flags?: string[],
): string {
  const raised = (flags ?? (flagged ?? []).map(([label]) => label)).map((label) => [label, 'why']);
  return JSON.stringify({
    v: 2,
    profile: 'mature',
    confidence: 1,
    missing: [],
    components: [],
    flags: raised,
    weekly,
    flagged,
  });
}

export function contact(email: string, accountId: string, first = 'Ana', last = 'Silva', extra: Row = {}): Row {
  return {
    Email: email,
    'First name': first,
    'Last name': last,
    'Account ID': accountId,
    Title: 'COO',
    Role: 'Champion',
    ...extra,
  };
}

export function message(id: string, from: string, extra: Partial<MailboxMessage> = {}): MailboxMessage {
  return {
    id,
    threadId: id,
    from,
    to: USER,
    subject: 'Hello',
    body: 'Hi there',
    date: '2026-11-20T10:00:00Z',
    ...extra,
  };
}

/**
 * A runtime over the real bundle, with this workbook connected as the team's CRM sheet (and the user in
 * ZONES.user). `buildDir`: another build than build/ (the opt-in build, test/helpers/tracking-build.ts).
 */
export function crmRuntime(workbook: WorkbookData | null, mailbox: MailboxMessage[] = [], buildDir = BUILD) {
  // The test day starts at 09:00 on the sheet's clock, the team's working morning wherever it is.
  const world = createWorld({ mailbox, user: USER, nowMs: sheetClock('2026-11-23T09:00:00') });
  world.people = { [USER]: { timeZone: ZONES.user, locale: 'en-US' } };
  // The project's web app (unsubscribe links) deployed as a version, as `npm run deploy` leaves it.
  deployWebApp(world, { deployer: USER, access: 'ANYONE_ANONYMOUS', executeAs: 'USER_DEPLOYING' });
  const workbooks = new MemoryWorkbookStore();
  if (workbook) {
    // Every CRM under test is in the sheet zone of ZONES unless the test chose one.
    workbook.timeZone ??= ZONES.sheet;
    workbooks.add(workbook);
    connectCrm(world, workbook.id);
  }
  const runtime = Runtime.fromBuild(buildDir, world, workbooks);
  return { runtime, world, workbooks, event: addonEvent };
}

/** The event object of a card action (form inputs, the button's parameters), beside a message if given. */
export function addonEvent(
  formInputs: Record<string, string> = {},
  parameters: Record<string, string> = {},
  messageId?: string,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(formInputs)) inputs[k] = { stringInputs: { value: [v] } };
  const base: Record<string, unknown> = {
    commonEventObject: {
      hostApp: 'GMAIL',
      platform: 'WEB',
      userLocale: 'en-US',
      timeZone: { id: ZONES.user, offset: zoneOffset(Date.parse('2026-11-23T09:00:00Z'), ZONES.user) },
      formInputs: inputs,
      parameters,
    },
    parameters,
  };
  if (messageId) base.gmail = { messageId, threadId: messageId, accessToken: `token:${messageId}` };
  return base;
}

/** Rows of a tab as objects by header. */
export function tabRows(wb: WorkbookData, name: string): Array<Record<string, CellValue>> {
  const sheet = wb.sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no tab ${name}`);
  const [headers = [], ...rows] = sheet.rows;
  return rows.map((r) => Object.fromEntries(headers.map((h, i) => [String(h), r[i] ?? ''])));
}

export { LocalWorkspace };

/** A Settings row (Key | Value), with the Settings tab added when the workbook lacks one. */
export function setting(wb: WorkbookData, key: string, value: string): void {
  let sheet = wb.sheets.find((s) => s.name === 'Settings');
  if (!sheet) {
    sheet = newSheet('Settings', 777, [['Key', 'Value', 'Description']]);
    wb.sheets.push(sheet);
  }
  sheet.rows.push([key, value, '']);
}

/** The Script Property a team (its sheet) keeps a value under. */
export function teamKey(sheetId: string, name: string): string {
  return `${teamPrefix(sheetId)}${name}`;
}

/**
 * A one-account CRM for campaign tests: "Sunny Travel" (struggling), these contacts of it, the
 * segment SEG-1 of every struggling customer and the template T-1 ("Hi {{First name}}").
 */
export function strugglingBook(contacts: Row[]): WorkbookData {
  return crmWorkbook({
    Accounts: [account('ACC-1', 'Sunny Travel', 'sunny.example', { 'Crisis impact': 'Struggling' })],
    Contacts: contacts,
    Segments: [
      {
        'Segment ID': 'SEG-1',
        Name: 'Struggling',
        Filter: JSON.stringify({ all: [{ field: 'Crisis impact', op: 'equals', value: 'Struggling' }] }),
      },
    ],
    Templates: [{ 'Template ID': 'T-1', Name: 'Hello', Subject: 'Hi {{First name}}', Body: 'Hello', Format: 'Text' }],
  });
}

/** The people of the two-account books the card tests use: two at Sunny Tours (ACC-0001), one at CareFirst (ACC-0002). */
export function sunnyAndCareFirstPeople(): Row[] {
  return [
    contact('ana@sunnytours.com', 'ACC-0001', 'Ana', 'Silva'),
    contact('bo@sunnytours.com', 'ACC-0001', 'Bo', 'Berg'),
    contact('cy@carefirst.org', 'ACC-0002', 'Cy', 'Chen'),
  ];
}

/** One note already logged on Sunny Tours. */
export function sunnyToursNote(): Row {
  return {
    When: new Date('2026-11-01T10:00:00Z'),
    Who: 'am@holdfast.example',
    'Account ID': 'ACC-0001',
    Email: '',
    Type: 'Note',
    Details: 'Asked about pausing payments',
  };
}

/** A date cell: midnight of that day, as the card tests type them. */
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Acme's (ACC-1's) offers in the card tests: one proposed and running, one that ended in October. */
export function acmeOffers(): Row[] {
  return [
    {
      'Offer ID': 'OFF-1',
      'Account ID': 'ACC-1',
      Type: 'Discount',
      Terms: '20% for 3 months',
      Starts: day('2026-11-20'),
      Ends: day('2027-02-20'),
      Status: 'Proposed',
    },
    { 'Offer ID': 'OFF-2', 'Account ID': 'ACC-1', Type: 'Free feature', Terms: 'SSO', Ends: day('2026-10-01') },
  ];
}

/**
 * Acme's (ACC-1's) six Activity entries of November in the card tests, each followed by one of
 * `other`'s (details "<label> 0" …), so Acme's rows are spread through the tab.
 */
export function acmeActivity(other: string, label: string): Row[] {
  return [
    ['2026-11-02', 'Note', 'Kick-off call'],
    ['2026-11-05', 'Stage', 'Engaged → At risk'],
    ['2026-11-09', 'Note', 'Asked about the invoice'],
    ['2026-11-12', 'Email', 'Campaign "Renewal" (CMP-1)'],
    ['2026-11-16', 'Note', 'Wants a discount'],
    ['2026-11-20', 'Offer', 'Discount proposed'],
  ].flatMap(([when, type, details], i): Row[] => [
    { When: day(when), Who: 'am@holdfast.example', 'Account ID': 'ACC-1', Type: type, Details: details },
    { When: day(when), Who: 'am@holdfast.example', 'Account ID': other, Type: 'Note', Details: `${label} ${i}` },
  ]);
}
