import {
  type AccountChange,
  type ChangeDecision,
  cancellationChange,
  companyFromDomain,
  milestoneChange,
  milestoneDay,
  noteChange,
  npsChange,
  offerLogged,
  stageChange,
  tagsChange,
} from '../core/account-change';
import { encodeCardSummary, mergedSummaryCell, withEntry } from '../core/card-summary';
import { type Cell, text } from '../core/cells';
import { isoDay, startOfDay } from '../core/dates';
import { type Address, domainOf, isFreeMail, parseAddress } from '../core/email';
import { errorText } from '../core/failures';
import { readableId } from '../core/ids';
import { MAX_LENGTH, tooLong } from '../core/limits';
import { askedSomething, draftOffer, FIRST_RETURN_STATUS, type Offer, type OfferInput } from '../core/offers';
import {
  ACCOUNT_DATE_COLUMNS,
  type Account,
  CARD_SUMMARY_COLUMN,
  HEALTH_COLUMNS,
  readAccount,
  readContact,
} from '../core/records';
import { parseHealthDetail } from '../core/scan';
import type { TabName } from '../core/schema';
import { scriptCache } from '../services/cache';
import { random } from '../services/utilities';
import type { Crm } from '../store/crm';
import { ConflictError, DuplicateKeyError, InputError } from '../store/errors';
import { writeRowsByKey } from '../store/keyed-rows';
import type { Versioned } from '../store/repositories';
import type { RowSnapshot } from '../store/tab';
import { bridged, type Patch, sameValue, writeAfter, writeCalls } from '../store/update';
import type { ProfileModel } from '../ui/profile-card';
import { cardAfterSave, cardInView } from './card-after-save';
import { logProblem, optionalTab, teamCacheOf } from './context';
import { healthCells, rescore, scoresFromSummary } from './health';
import { accountProfile, openOffers, type Profile, profileOf } from './profile';
import { bumpAccount, profileKey } from './profile-cache';

export const ACCOUNT_FORMS = ['tags', 'note', 'stage', 'nps', 'offer', 'cancel', 'milestone'] as const;

/** The ID a new offer will have, minted when its form opens so that a retried Save logs it once. */
export function newOfferId(now: Date): string {
  return readableId('OFF', now, random);
}
export type AccountFormName = (typeof ACCOUNT_FORMS)[number];

export function isAccountForm(s: string): s is AccountFormName {
  return (ACCOUNT_FORMS as readonly string[]).includes(s);
}

export function requireAccount(crm: Crm, id: string, row: number | null = null): Versioned<Account> {
  const v = crm.accounts.byKeyNear(id, row);
  if (!v)
    throw new InputError(`No account has the ID "${id}" any more; it may have been deleted or renamed in the Sheet.`);
  return v;
}

/** What one account form sent: the values it showed (to merge safely) and what the user entered. */
export interface AccountFormInput {
  form: AccountFormName;
  accountId: string;
  /** The contact whose card the form came from, if any: the card to go back to. */
  email: string;
  /** The other people of that card's thread (their addresses): with `email`, the card's cache key. */
  others: string[];
  shown: Record<string, Cell>;
  tags: { shownTags: string; ticked: string[]; typed: string; crisis: string };
  note: string;
  stage: string;
  nps: { raw: string; comment: string };
  /** `id`: the Offer ID minted with the form (empty from an old card: one is minted now). */
  offer: OfferInput & { note: string; id: string };
  cancel: { reason: string; details: string };
  milestone: { name: string; reached: string };
}

/** What a form changes, and what it adds (an offer, a milestone reached that day): checked, not yet written. */
interface Decided {
  change: AccountChange;
  offer: Offer | null;
  milestoneDay: string | null;
}

function decide(
  crm: Crm,
  f: AccountFormInput,
  now: Date,
  onRecord: () => Set<string>,
  /** The row the card showed the account on, if known. */
  row: number | null,
): Decided {
  // The team's day, from Settings: only the forms with dates read it (a note or a stage change does not).
  const local = () => crm.local(now);
  const shown = (name: string) => String(f.shown[name] ?? '');
  let decision: ChangeDecision;
  switch (f.form) {
    case 'tags':
      decision = tagsChange({ ...f.tags, shownCrisis: shown('Crisis impact') });
      break;
    case 'note':
      // A note on an account deleted from the Sheet meanwhile would float in Activity with no account:
      // the save finds the account under its lock first (see withSummary).
      decision = noteChange(f.note);
      break;
    case 'stage':
      decision = stageChange(f.stage, shown('Stage'));
      break;
    case 'nps':
      decision = npsChange(f.nps.raw, f.nps.comment);
      break;
    case 'cancel':
      decision = cancellationChange(f.cancel.reason, f.cancel.details);
      break;
    case 'milestone': {
      // Refused before anything is written: the Milestones row goes in before the account's change.
      requireAccount(crm, f.accountId, row);
      decision = milestoneChange(
        f.milestone.name,
        f.milestone.reached,
        isoDay(local()),
        shown('Onboarding milestones done'),
        onRecord().size + 1,
      );
      const when = milestoneDay(f.milestone.reached, isoDay(local()));
      if (!decision.ok) break;
      return { change: decision.change, offer: null, milestoneDay: 'day' in when ? when.day : null };
    }
    case 'offer': {
      const draft = draftOffer(f.offer, local());
      if (!draft.ok) throw new InputError(draft.errors.join(' '));
      const long = tooLong('The note', f.offer.note, MAX_LENGTH.details);
      if (long) throw new InputError(long);
      const offer: Offer = {
        row: 0,
        id: f.offer.id || newOfferId(local()),
        accountId: f.accountId,
        type: draft.type,
        terms: draft.terms,
        starts: draft.starts,
        ends: draft.ends,
        status: 'Proposed',
        loggedBy: crm.ctx.user,
        loggedAt: crm.stamp(now),
        outcomeOn: null,
        askedInReturn: draft.askedInReturn,
        returnStatus: askedSomething(draft.askedInReturn) ? FIRST_RETURN_STATUS : '',
        errors: [],
      };
      return { change: offerLogged(draft, f.offer.note), offer, milestoneDay: null };
    }
  }
  if (!decision.ok) throw new InputError(decision.error);
  return { change: decision.change, offer: null, milestoneDay: null };
}

/**
 * Save a form: through the store (merge-safe), logged to Activity, every cached card of the account
 * retired; then the profile to go back to: the card the form came from brought up to date with what
 * the save read and wrote, when that card is still cached and current, else read again.
 */
export function saveAccountForm(crm: Crm, f: AccountFormInput, now: Date): { done: string; profile: Profile | null } {
  return withHeldHeaders(crm, () => saveForm(crm, f, now));
}

/**
 * A save learns header rows (the team's header cache) before and under its lock: they are written
 * after it, with the account's new version (bumpAccount), in one cache call; on a save that stops
 * early, at its end.
 */
export function withHeldHeaders<T>(crm: Crm, save: () => T): T {
  crm.ctx.headers?.holdWrites();
  try {
    return save();
  } finally {
    crm.ctx.headers?.writeHeld();
  }
}

function saveForm(crm: Crm, f: AccountFormInput, now: Date): { done: string; profile: Profile | null } {
  let milestones: Set<string> | undefined;
  const onRecord = () => (milestones ??= milestonesOnRecord(crm, f.accountId));
  const again = alreadySaved(crm, f, onRecord);
  if (again) return { done: again, profile: redrawn(crm, f, now) };
  // Read before the save retires it; the row it shows the account on is where the save looks first.
  const view = cardInView(crm, f.email, f.others, f.accountId);
  const row = view ? crm.accounts.linkedRow(view.model.sheetLink) : null;
  const { change, offer, milestoneDay } = decide(crm, f, now, onRecord, row);
  // The tab is added first when a hand-made sheet lacks it (outside the lock: nobody waits on it).
  const milestoneTab = milestoneDay ? crm.ensureTab('Milestones') : null;
  const { patch, details, type, done } = change;
  // The Settings the score needs are read before the lock: nobody waits on them.
  if (patch) crm.settings();
  const activity = {
    When: crm.stamp(now),
    Who: crm.ctx.user,
    'Account ID': f.accountId,
    Email: f.email,
    Type: type,
    Details: details,
  };
  const logged: SummaryChange = { entry: activity, offer };
  let account: Versioned<Account> | null = null;
  try {
    // Every write of the save under one lock, flushed once when it is released. The account's row
    // (its change, its health, its Card summary with this entry) is written before the entry is
    // logged; a note or an offer on an account deleted meanwhile writes nothing at all.
    const writes: TabName[] = ['Accounts', 'Activity'];
    if (offer) writes.push('Offers');
    if (milestoneTab && milestoneDay) writes.push('Milestones');
    const ahead = row ? { Accounts: { row, dates: ACCOUNT_DATE_COLUMNS } } : {};
    account = crm.ctx.lock.withLock(() =>
      // Row 1 of every tab written, and the account's row, read first in one call.
      crm.readyToWrite(writes, ahead, () => {
        // What was asked in return goes in columns a sheet made before them lacks: added first.
        if (offer?.askedInReturn) offerColumns(crm, ['Asked in return', 'Return status']);
        // The offer's ID is looked for first, so a retried save writes nothing twice (see below).
        if (offer) crm.offers.create([offerRow(offer)], () => withSummary(crm, f.accountId, logged, row));
        else if (!patch) withSummary(crm, f.accountId, logged, row);
        if (milestoneTab && milestoneDay) milestoneTab.appendRecord(milestoneRow(crm, f, milestoneDay));
        const saved = patch ? updateWithHealth(crm, f, patch, now, logged, row) : null;
        crm.logActivity([{ accountId: f.accountId, email: f.email, type, details }], activity.When);
        return saved;
      }),
    );
  } catch (e) {
    // The offer with this form's ID is logged already (Save pressed again, a retry after a timeout):
    // the create's own search under the lock says so, and nothing is logged twice.
    if (!(offer && e instanceof DuplicateKeyError)) throw e;
    return { done: 'This offer was already logged; nothing was logged twice.', profile: redrawn(crm, f, now) };
  }
  bumpAccount(teamCacheOf(crm.ctx.workbook.id), f.accountId, crm.ctx.headers);
  const profile: Profile | null =
    view && (!patch || account)
      ? {
          known: true,
          model: cardAfterSave(
            crm,
            view,
            { account, activity, offer: offer ? (openOffers(crm, [offer], now)[0] ?? null) : null },
            now,
          ),
        }
      : redrawn(crm, f, now);
  return { done: profile ? done : `${done} Reopen the account to see it: the sheet was being rearranged.`, profile };
}

/**
 * The account's health follows from what was just saved (a cancellation is Red now, not tomorrow):
 * computed from the row as it is under the lock and written with the change.
 */
function updateWithHealth(
  crm: Crm,
  f: AccountFormInput,
  patch: Patch,
  now: Date,
  logged: SummaryChange,
  row: number | null,
): Versioned<Account> | null {
  let scored = false;
  let summaryLeft: Record<string, Cell> | null = null;
  const saved = crm.accounts.updateShown(
    f.accountId,
    f.shown,
    patch,
    (row, read) => {
      const cells = healthOf(crm, row, now);
      scored = cells !== null;
      const summary = summaryAfter(crm, row, f.accountId, logged);
      // Without the Sheets API each run of adjacent columns is a write call of its own, and rows sorted
      // between two of them would split the save between two records: the summary goes with the change
      // only when it makes no more of them (with the API, or beside a column that changes, or with only
      // the health columns between), else right after it, read back in turn (summaryAfterSave).
      const accounts = crm.tab('Accounts');
      const values = { ...Object.fromEntries(Object.keys(patch).map((c) => [c, accounts.get(row, c)])), ...cells };
      const changes = Object.keys(values).filter((c) => !sameValue(accounts.get(read, c), values[c]));
      const ours = [...Object.keys(cells ?? {}), CARD_SUMMARY_COLUMN];
      const calls = (columns: string[]) => writeCalls(accounts, bridged(accounts, columns, ours));
      const alone =
        Object.keys(summary).length > 0 &&
        changes.length > 0 &&
        calls([...changes, CARD_SUMMARY_COLUMN]) > calls(changes);
      summaryLeft = alone ? summary : null;
      return { ...cells, ...(alone ? {} : summary) };
    },
    row,
  );
  // A sheet without the Health columns gets them now, and the health its own keyed write.
  const scoredRow = scored ? saved : refreshHealth(crm, saved, now);
  if (summaryLeft) summaryAfterSave(crm, scoredRow ?? saved, summaryLeft);
  return scoredRow;
}

/**
 * The Card summary when it could not go with the change: written on the row just saved and read back
 * (store/update writeAfter). The change is saved either way, so a summary that cannot be written is
 * blanked (the card then reads Activity and Offers), or, failing that too, logged for the next scan.
 */
function summaryAfterSave(crm: Crm, saved: Versioned<Account>, summary: Record<string, Cell>): void {
  const accounts = crm.tab('Accounts');
  if (writeAfter(accounts, 'Account ID', saved.snapshot, saved.record.id, summary)) return;
  logProblem(`Holdfast: saved, but account ${saved.record.id}'s Card summary could not be written (rows moved).`);
  try {
    crm.accounts.update(saved, { [CARD_SUMMARY_COLUMN]: { set: '' } });
  } catch (e) {
    logProblem(`Holdfast: nor blanked; the daily scan writes it again: ${errorText(e)}`);
  }
}

/** What a save logs, for the account's Card summary. */
export type SummaryChange = Parameters<typeof mergedSummaryCell>[2];

/**
 * The account's Card summary with what the save logs merged in, from the row as it is under the lock:
 * nothing to write when the tab has no such column, or the cell holds no summary that can be read
 * (the card reads Activity and Offers then, and the daily scan writes it afresh).
 */
function summaryAfter(crm: Crm, row: RowSnapshot, accountId: string, logged: SummaryChange): Record<string, Cell> {
  const accounts = crm.tab('Accounts');
  if (accounts.col(CARD_SUMMARY_COLUMN) < 0) return {};
  const cell = mergedSummaryCell(accounts.get(row, CARD_SUMMARY_COLUMN), accountId, logged);
  return cell === null ? {} : { [CARD_SUMMARY_COLUMN]: cell };
}

/**
 * For a save that changes nothing else on the account's row (a note, an offer, a new contact): the
 * account found by its ID under the lock and its Card summary written by key (read back as every
 * keyed write is; nothing written when there is none to merge into). Refused, writing nothing, when
 * the account is gone. `at`: the account as read a moment ago, or the row a card showed it on: read
 * again there (with row 1, in one call where the sheet can) rather than searched for, while that row
 * still holds it. Returns the row as it now is.
 */
export function withSummary(
  crm: Crm,
  accountId: string,
  logged: SummaryChange,
  at: number | null | Versioned<Account>,
): Versioned<Account> {
  // Whether the tab has the column is asked of row 1 as the write reads it: one read of row 1.
  const derived = (row: RowSnapshot) => summaryAfter(crm, row, accountId, logged);
  try {
    return at && typeof at === 'object'
      ? crm.accounts.update(at, {}, derived)
      : crm.accounts.updateShown(accountId, {}, {}, derived, at);
  } catch (e) {
    // Gone, or on two rows: said in the words the forms use for a deleted account.
    if (e instanceof ConflictError) requireAccount(crm, accountId);
    throw e;
  }
}

/** The Offers row of a new offer (its dates are set: draftOffer made them). */
function offerRow(o: Offer): Record<string, Cell> {
  return {
    'Offer ID': o.id,
    'Account ID': o.accountId,
    Type: o.type ?? '',
    Terms: o.terms,
    Starts: o.starts ?? '',
    Ends: o.ends ?? '',
    Status: o.status,
    'Logged by': o.loggedBy,
    'Logged at': o.loggedAt ?? '',
    'Asked in return': o.askedInReturn,
    'Return status': o.returnStatus,
  };
}

/**
 * The Offers columns a write fills, added at the end of row 1 of a sheet made before them (as the
 * scan adds the Health columns), and said in the log. Under the save's lock.
 */
export function offerColumns(crm: Crm, columns: readonly string[]): void {
  const added = crm.ensureColumns('Offers', columns);
  if (added.length)
    console.log(
      `Holdfast: the Offers tab had no ${added.map((c) => `"${c}"`).join(', ')} column; added at the end of row 1.`,
    );
}

/**
 * The Health columns' values for the row as the save leaves it, scored the way the scan scores it:
 * written with the change and read back with it (one write, one read-back for the save). Null when
 * the tab lacks a Health column (refreshHealth adds them) or the score cannot be made (logged: the
 * save goes on, the next scan scores it).
 */
function healthOf(crm: Crm, row: RowSnapshot, now: Date): Record<string, Cell> | null {
  const accounts = crm.tab('Accounts');
  if (HEALTH_COLUMNS.some((c) => accounts.col(c) < 0)) return null;
  try {
    const record = readAccount(accounts.headers, row.cells, row.row);
    const stored = parseHealthDetail(accounts.get(row, 'Health detail'));
    // Scored here, between reading the row and writing it, only from what the row holds (the scan's
    // usage summary of the week, as rescore uses it): a score that reads Usage or Milestones would
    // widen the window in which a hand sort sends the write to another row. It gets its own keyed
    // write after the save instead.
    if (!scoresFromSummary(crm, record, stored, now)) return null;
    const { result, detail } = rescore(crm, record, stored, now);
    return healthCells(result, detail, crm.stamp(now));
  } catch (e) {
    logProblem(`Holdfast: saved, but the account's health could not be refreshed: ${errorText(e)}`);
    return null;
  }
}

/**
 * The account's health follows from what was just saved (a cancellation is Red now, not tomorrow):
 * scored from the row as saved, the way the scan scores it, and its Health columns written by key the
 * way the scan writes them (writeRowsByKey: verified, put back if a hand edit moved rows meanwhile),
 * under the save's own lock, right after the save read row 1 and the row back. The save has landed
 * already: a refresh that cannot be written is left to the next scan, and logged. Returns the row as
 * it now is (its Health columns as written), or null when the refresh did not land.
 */
function refreshHealth(crm: Crm, saved: Versioned<Account>, now: Date): Versioned<Account> | null {
  try {
    const accounts = crm.tab('Accounts').withHeaders(HEALTH_COLUMNS);
    const stored = parseHealthDetail(accounts.get(saved.snapshot, 'Health detail'));
    const { result, detail } = rescore(crm, saved.record, stored, now);
    const cells = healthCells(result, detail, crm.stamp(now));
    const outcome = writeRowsByKey(accounts, 'Account ID', HEALTH_COLUMNS, [
      { key: saved.record.id, row: saved.snapshot.row, values: HEALTH_COLUMNS.map((c) => cells[c]) },
    ]);
    for (const p of outcome.problems) logProblem(`Holdfast: saved; health not refreshed: ${p}`);
    if (!outcome.written[0]) return null;
    const cellsNow = saved.snapshot.cells.slice();
    for (const c of HEALTH_COLUMNS) cellsNow[accounts.col(c)] = cells[c];
    const snapshot = { row: saved.snapshot.row, cells: cellsNow, headers: accounts.headers };
    return { record: readAccount(accounts.headers, cellsNow, snapshot.row), snapshot };
  } catch (e) {
    logProblem(`Holdfast: saved, but the account's health could not be refreshed: ${errorText(e)}`);
    return null;
  }
}

/** The account's milestones in the Milestones tab, by lower-case name. */
function milestonesOnRecord(crm: Crm, accountId: string): Set<string> {
  return new Set(
    optionalTab(() => {
      const tab = crm.tab('Milestones');
      return tab.find('Account ID', accountId).map((s) => text(tab.get(s, 'Milestone')).trim().toLowerCase());
    }, [] as string[]).filter(Boolean),
  );
}

/** A Milestones row for the form's milestone. */
function milestoneRow(crm: Crm, f: AccountFormInput, day: string): Record<string, Cell> {
  return {
    'Account ID': f.accountId,
    Milestone: f.milestone.name.trim(),
    Reached: new Date(`${day}T00:00:00Z`),
    'Logged by': crm.ctx.user,
  };
}

/**
 * A Save pressed again (a retry after a timeout, a double click) that has nothing left to do: the
 * milestone is already recorded, or the same note by the same person is already among the account's
 * latest entries. Says so instead of writing it twice. (An offer's ID is looked for by its create,
 * under the lock: see saveAccountForm.)
 */
function alreadySaved(crm: Crm, f: AccountFormInput, onRecord: () => Set<string>): string | null {
  if (f.form === 'milestone' && onRecord().has(f.milestone.name.trim().toLowerCase()))
    return `The milestone "${f.milestone.name.trim()}" is already recorded for this account; nothing was recorded twice.`;
  // One search of Details first: a note typed for the first time (the usual case) reads no row.
  if (f.form === 'note' && f.note && optionalTab(() => crm.log('Activity').has('Details', f.note), false)) {
    const latest = optionalTab(() => crm.log('Activity').latest('Account ID', f.accountId, 5), []);
    const same = latest.some(
      (a) => a.Type === 'Note' && String(a.Details) === f.note && String(a.Who).toLowerCase() === crm.ctx.user,
    );
    if (same) return 'This note was already added; nothing was added twice.';
  }
  return null;
}

/** The card to go back to after a save; null when the sheet changed too much to draw it. */
export function redrawn(crm: Crm, f: Pick<AccountFormInput, 'email' | 'accountId'>, now: Date): Profile | null {
  const focus = parseAddress(f.email);
  try {
    return focus
      ? profileOf(() => crm, crm.ctx.user, focus, [], now)
      : { known: true, model: accountProfile(crm, requireAccount(crm, f.accountId), now) };
  } catch (e) {
    // Saved: a sheet rearranged by hand since must not make the save read as failed.
    logProblem(`Holdfast: saved, but the card could not be redrawn: ${errorText(e)}`);
    return null;
  }
}

/** "Add to CRM": who, their account if known, and a company name suggested from their domain. */
export function contactSuggestion(crm: Crm, address: Address, accountId: string) {
  const found = accountId ? requireAccount(crm, accountId) : null;
  const account = found?.record ?? null;
  return {
    accountId: account?.id ?? '',
    accountRow: found?.snapshot.row ?? null,
    accountName: account?.name ?? '',
    // Suggested only where the form asks for a company (no account yet): Settings are not read otherwise.
    company: account ? '' : companyFromDomain(domainOf(address.email), crm.freeMailDomains()),
  };
}

export interface NewContact {
  address: Address;
  /** An existing account, or empty to create `company` with the address's domain. */
  accountId: string;
  /**
   * The row the form read that account from: looked at first, under the save's lock, instead of a
   * search before it (the account is then checked there, and searched for only when it moved).
   */
  accountRow?: number | null;
  company: string;
  firstName: string;
  lastName: string;
  title: string;
  role: string;
}

/** Save a new contact (and, when named, a new account with the sender's domain); then their profile. */
export function addContact(crm: Crm, c: NewContact, now: Date): { profile: Profile; added: boolean } {
  return withHeldHeaders(crm, () => saveContact(crm, c, now));
}

function saveContact(crm: Crm, c: NewContact, now: Date): { profile: Profile; added: boolean } {
  const { address } = c;
  for (const [label, value] of [
    ['A company name', c.company],
    ['A first name', c.firstName],
    ['A last name', c.lastName],
    ['A title', c.title],
    ['A role', c.role],
  ] as const) {
    const long = tooLong(label, value, MAX_LENGTH.name);
    if (long) throw new InputError(long);
  }
  const already = () => ({ profile: profileOf(() => crm, crm.ctx.user, address, [], now), added: false });
  let accountId = c.accountId;
  let account: Versioned<Account> | null = null;
  let newAccount: Record<string, Cell> | null = null;
  // Named with its row (the form read it): found under the lock, on that row or by a search there.
  const placed = accountId && c.accountRow ? c.accountRow : null;
  if (accountId) account = placed ? null : requireAccount(crm, accountId);
  else {
    // Pressed twice, or again after a timeout: the contact is there, and no company is added for it.
    if (crm.contacts.byEmail(address.email)) return already();
    const free = isFreeMail(address.email, crm.freeMailDomains());
    // A company already in the CRM under this domain (a first press that stopped half-way, say) is reused.
    account = free ? null : crm.accounts.byEmailDomain(address.email);
    accountId = account?.record.id ?? '';
    if (!account) {
      if (!c.company) throw new InputError('Give an existing Account ID or the name of a new company.');
      accountId = crm.accounts.nextId();
      newAccount = {
        'Account ID': accountId,
        Account: c.company,
        Domain: free ? '' : domainOf(address.email),
        Owner: crm.ctx.user,
        Stage: 'Onboarding',
        'Customer since': startOfDay(crm.local(now)),
      };
    }
  }
  const contact = {
    Email: address.email,
    'First name': c.firstName,
    'Last name': c.lastName,
    'Account ID': accountId,
    Title: c.title,
    Role: c.role,
  };
  const details = [c.firstName, c.lastName].filter(Boolean).join(' ') || address.email;
  const when = crm.stamp(now);
  const entries = [
    ...(newAccount ? [{ accountId, type: 'Account created', details: c.company }] : []),
    { accountId, email: address.email, type: 'Contact added', details },
  ];
  const logged = entries.map((e) => ({ When: when, Who: crm.ctx.user, Type: e.type, Details: e.details }));
  // A new account's summary is known: what this save logs.
  if (newAccount)
    newAccount[CARD_SUMMARY_COLUMN] = encodeCardSummary(accountId, {
      activity: logged.reduce(withEntry, []),
      offers: [],
    });
  try {
    // Every write under one lock, flushed once; the contact's create searches for its address under
    // it, so a contact added twice (Save pressed again) is refused there, not by a search before.
    const writes: TabName[] = newAccount || accountId ? ['Contacts', 'Accounts', 'Activity'] : ['Contacts', 'Activity'];
    const at = account?.snapshot.row ?? placed;
    const ahead = at ? { Accounts: { row: at, dates: ACCOUNT_DATE_COLUMNS } } : {};
    crm.ctx.lock.withLock(() =>
      // Row 1 of every tab written, and the account's row, read first in one call.
      crm.readyToWrite(writes, ahead, () => {
        if (newAccount) crm.accounts.create([newAccount]);
        crm.contacts.create([contact], () => {
          if (account || placed)
            account = withSummary(crm, accountId, { entry: logged[0], offer: null }, account ?? placed);
        });
        crm.logActivity(entries, when);
      }),
    );
  } catch (e) {
    if (!(e instanceof DuplicateKeyError) || newAccount) throw e;
    return already();
  }
  bumpAccount(teamCacheOf(crm.ctx.workbook.id), accountId, crm.ctx.headers);
  // The adder's own card for this address (teammates' cards of the account retire with its version).
  scriptCache().remove(profileKey(crm.ctx.user, [address.email]));
  // The account was just read (or made): its card is drawn from it, without searching for the contact.
  const profile: Profile = account
    ? { known: true, model: newContactCard(crm, account, contact, address, now) }
    : profileOf(() => crm, crm.ctx.user, address, [], now);
  return { profile, added: true };
}

/** The new contact's card: their account's, with them as its person. */
function newContactCard(
  crm: Crm,
  account: Versioned<Account>,
  values: Record<string, Cell>,
  address: Address,
  now: Date,
): ProfileModel {
  const contacts = crm.tab('Contacts');
  const contact = readContact(contacts.headers, contacts.rowOf(values), 0);
  return { ...accountProfile(crm, account, now), contact, address };
}
