import { type Cell, text } from '../core/cells';
import { timeZoneSetting, wallClock } from '../core/dates';
import { FREE_MAIL_DOMAINS } from '../core/email';
import { trimmedRow } from '../core/headers';
import { settingKey } from '../core/health/settings';
import { TABS, type TabName, tabSchema } from '../core/schema';
import type { OtherSettingKey } from '../core/settings-keys';
import { CrmSetupError } from './errors';
import type { HeaderCache } from './header-cache';
import type { LockPort, TablePort, WorkbookPort } from './ports';
import {
  AccountRepository,
  AppendLog,
  ContactRepository,
  OfferRepository,
  SegmentRepository,
  TemplateRepository,
} from './repositories';
import { Tab } from './tab';
import { readTogether, rowOneOf } from './together';

/** One Activity row to log: the account (and person) it is about, its type and what happened. */
export interface ActivityEntry {
  accountId: string;
  email?: string;
  type: string;
  details: string;
  who?: string;
}

export interface CrmContext {
  workbook: WorkbookPort;
  lock: LockPort;
  /** Who is acting, for Activity's Who column. */
  user: string;
  now: () => Date;
  /**
   * The team's cached header rows: tabs then open without reading row 1, which is checked at the
   * first use of a position instead (see Tab.cached). Absent: every tab reads row 1 when opened.
   */
  headers?: HeaderCache;
}

/**
 * The CRM for one execution: repositories over the workbook's tabs, each tab opened (and its header
 * row read) at most once per execution. Every feature reads and writes records through here.
 */
export class Crm {
  private readonly tabs = new Map<TabName, Tab>();
  private settingsCache?: { values: Map<string, string>; typed: string[] };
  private accountsRepo?: AccountRepository;
  private contactsRepo?: ContactRepository;

  constructor(readonly ctx: CrmContext) {}

  get url(): string {
    return this.ctx.workbook.url;
  }

  tab(name: TabName): Tab {
    const open = this.tabs.get(name);
    if (open) return open;
    const port = this.ctx.workbook.tab(name);
    const tab =
      this.cachedTab(name, port) ?? Tab.open(port, name, tabSchema(name).required, undefined, this.heard(name));
    this.tabs.set(name, tab);
    return tab;
  }

  /**
   * A tab for a read whose ranges start at row 1 (Tab.readColumns, which checks the header cells it
   * reads): opened without reading row 1 when not open yet, on the team's cached row 1, else on
   * Holdfast's own layout of the tab (its schema's columns in order, as setup makes it). Either is a
   * guess that read checks, reading again under row 1 as it is when it was wrong; any other use of a
   * position checks row 1 first (Tab.cached).
   */
  tabToRead(name: TabName): Tab {
    const open = this.tabs.get(name);
    if (open) return open;
    const port = this.ctx.workbook.tab(name);
    const schema = tabSchema(name);
    const tab = this.cachedTab(name, port) ?? Tab.cached(port, name, schema.required, schema.columns, this.heard(name));
    this.tabs.set(name, tab);
    return tab;
  }

  /** The tab opened on its cached row 1, nothing read; null when the team's cache has none. */
  private cachedTab(name: TabName, port: TablePort | null): Tab | null {
    // Every tab's cached row in one cache read, the first time any is opened.
    const cached = port && this.ctx.headers?.get(TABS.map((t) => t.name)).get(name);
    return cached ? Tab.cached(port, name, tabSchema(name).required, cached, this.heard(name)) : null;
  }

  /**
   * Open these tabs with their header rows read together: one call where the workbook can read
   * several ranges at once, one per tab otherwise (as opening them one by one would). For a use case
   * that knows the tabs it reads (the contextual card). A tab absent or unusable is left to fail
   * when it is used, as it would have.
   */
  openTogether(names: readonly TabName[]): void {
    const wanted = names.filter((n) => !this.tabs.has(n));
    const opened = this.ctx.workbook.openTabs(wanted);
    const todo = opened ? opened.map((t, i) => ({ name: wanted[i], ...t })) : this.oneByOne(wanted);
    for (const { name, port, headerRow } of todo) {
      try {
        this.openWith(name, port, headerRow);
      } catch (e) {
        if (!(e instanceof CrmSetupError)) throw e;
      }
    }
  }

  /**
   * A save's first read, under its lock: row 1 of each tab it writes, and the rows it expects its
   * records on (`rows`: by tab, with the dates of that tab's records), in one call where the workbook
   * can (the Sheets API). Each tab then takes what was read for its first check before it writes
   * (Tab.took), instead of reading row 1 again. Without the API, or with a row past a grid, nothing is
   * read here and each tab checks as it would have. A tab absent or unusable is left to fail when it
   * is used, as it would have. What a tab took and `write` did not spend is dropped after it.
   */
  readyToWrite<T>(
    names: readonly TabName[],
    rows: Partial<Record<TabName, { row: number; dates: readonly string[] }>>,
    write: () => T,
  ): T {
    const took: Tab[] = [];
    try {
      this.readAhead(names, rows, took);
      const done = write();
      this.settle(took);
      return done;
    } catch (e) {
      // What landed before the failure is still checked; the failure is what the caller hears of.
      try {
        this.settle(took);
      } catch {}
      throw e;
    } finally {
      for (const t of took) t.dropAhead();
    }
  }

  /**
   * The checks of row 1 after the save's single appends (Tab.settle): the tabs' row 1 in one call
   * where the workbook can, else each read by its tab.
   */
  private settle(tabs: readonly Tab[]): void {
    const waiting = tabs.filter((t) => t.appendUnchecked);
    if (waiting.length === 0) return;
    const got =
      waiting.length > 1
        ? readTogether(
            this.ctx.workbook,
            waiting.map((t) => rowOneOf(t.port)),
          )
        : null;
    waiting.forEach((t, i) => t.settle(got ? (got[i][0] ?? []) : null));
  }

  private readAhead(
    names: readonly TabName[],
    rows: Partial<Record<TabName, { row: number; dates: readonly string[] }>>,
    took: Tab[],
  ): void {
    // A tab open already, or openable on its cached row 1, is read as Tab.rangesAhead says; one not
    // yet open is opened with the row 1 read here (its rows, if any, are then read by the save).
    const tabs: Array<{ name: TabName; tab: Tab | null; port: TablePort; rows: number[]; dates: readonly string[] }> =
      [];
    for (const name of names) {
      const port = this.tabs.get(name)?.port ?? this.ctx.workbook.tab(name);
      if (!port) continue;
      const tab = this.tabs.get(name) ?? this.cachedTab(name, port);
      if (tab) this.tabs.set(name, tab);
      const at = rows[name];
      tabs.push({ name, tab, port, rows: at && tab ? [at.row] : [], dates: at?.dates ?? [] });
    }
    const plans = tabs.map((t) => (t.tab ? t.tab.rangesAhead(t.rows, t.dates) : [rowOneOf(t.port)]));
    const got = tabs.length > 0 ? readTogether(this.ctx.workbook, plans.flat()) : null;
    if (!got) return;
    let at = 0;
    tabs.forEach((t, i) => {
      const part = got.slice(at, at + plans[i].length);
      at += plans[i].length;
      try {
        const tab = t.tab ?? this.openWith(t.name, t.port, trimmedRow(part[0]?.[0] ?? []));
        took.push(tab);
        tab.took(part, t.rows, t.dates);
      } catch (e) {
        // Lacking a required column: left to fail, saying so, when the save uses it.
        if (!(e instanceof CrmSetupError)) throw e;
      }
    });
  }

  /** Those of these tabs that exist, looked up one by one, their row 1 read together where the workbook can. */
  private oneByOne(names: readonly TabName[]): Array<{ name: TabName; port: TablePort; headerRow: Cell[] }> {
    const found = names
      .map((name) => ({ name, port: this.ctx.workbook.tab(name) }))
      .filter((t): t is { name: TabName; port: TablePort } => t.port !== null);
    if (found.length < 2) return [];
    const rows = this.ctx.workbook.headerRows(found.map((t) => t.port));
    return found.map((t, i) => ({ ...t, headerRow: rows[i] }));
  }

  /** The tab if this execution has opened it already (nothing is read). */
  opened(name: TabName): Tab | undefined {
    return this.tabs.get(name);
  }

  /**
   * A tab opened with a header row read elsewhere (with rows of it, in one call), or, if open
   * already, that row taken into use. Refused as an open is when it lacks a required column.
   */
  openWith(name: TabName, port: TablePort, row: Cell[]): Tab {
    const open = this.tabs.get(name);
    if (open) {
      open.takeRow1(row);
      return open;
    }
    const tab = Tab.open(port, name, tabSchema(name).required, row, this.heard(name));
    this.tabs.set(name, tab);
    return tab;
  }

  /** Where a tab reports a header row read from the sheet: the team's header cache, when in use. */
  private heard(name: TabName): ((row: string[]) => void) | undefined {
    const cache = this.ctx.headers;
    return cache && ((row) => cache.put(name, row));
  }

  /** A tab Holdfast itself writes (Activity, Health history…): added with its headers when missing. */
  ensureTab(name: TabName): Tab {
    if (!this.ctx.workbook.tab(name)) {
      const schema = tabSchema(name);
      this.ctx.workbook.addTab(name, schema.columns, schema.vocabularies);
    }
    return this.tab(name);
  }

  /**
   * Holdfast's own columns of a tab, those it lacks added at the end of row 1 (as the scan adds the
   * Health columns to Accounts), for a write that fills them: the tab is used with its new row 1
   * from here on. Under the lock, so that two saves do not both add them. Returns the names added.
   */
  ensureColumns(name: TabName, columns: readonly string[]): string[] {
    const tab = this.tab(name);
    const missing = columns.filter((c) => tab.col(c) < 0);
    if (missing.length === 0) return [];
    this.tabs.set(name, tab.withHeaders(missing));
    // A repository kept for the execution holds the tab as it was.
    this.accountsRepo = undefined;
    this.contactsRepo = undefined;
    return missing;
  }

  get accounts(): AccountRepository {
    return (this.accountsRepo ??= new AccountRepository(this.tab('Accounts'), this.ctx.lock, () =>
      this.freeMailDomains(),
    ));
  }

  get contacts(): ContactRepository {
    return (this.contactsRepo ??= new ContactRepository(this.tab('Contacts'), this.ctx.lock));
  }

  get templates(): TemplateRepository {
    return new TemplateRepository(this.tab('Templates'), this.ctx.lock);
  }

  /** Saved segments (the tab is added when missing: the add-on creates segments itself). */
  get segments(): SegmentRepository {
    return new SegmentRepository(this.ensureTab('Segments'), this.ctx.lock);
  }

  get offers(): OfferRepository {
    return new OfferRepository(this.tab('Offers'), this.ctx.lock);
  }

  log(name: TabName): AppendLog {
    return new AppendLog(this.tab(name), this.ctx.lock);
  }

  /** The spreadsheet's own time zone: the wall clock of every date cell. */
  sheetZone(): string {
    return this.ctx.workbook.timeZone();
  }

  /** The team's time zone (the "Time zone" setting, else the sheet's): its calendar says what today is. */
  teamZone(): string {
    return timeZoneSetting(this.setting('Time zone'), this.sheetZone()).zone;
  }

  /** An instant as the team's wall clock: what the core's day arithmetic takes as "now" (see core/dates). */
  local(instant: Date = this.ctx.now()): Date {
    return wallClock(instant, this.teamZone());
  }

  /** An instant as the sheet's wall clock: a timestamp to write into a cell, shown there as the time it was. */
  stamp(instant: Date = this.ctx.now()): Date {
    return wallClock(instant, this.sheetZone());
  }

  /**
   * Append to the Activity log, stamped with who (the user acting, unless said otherwise) and when
   * (now, unless the caller stamped the entries already: an account's Card summary holds the same).
   */
  logActivity(entries: readonly ActivityEntry[], when: Date = this.stamp()): void {
    this.log('Activity').append(this.activityRecords(entries, when));
  }

  /** Activity rows by column name, stamped with who (the user acting, unless said otherwise) and when (now). */
  activityRecords(entries: readonly ActivityEntry[], when: Date = this.stamp()): Array<Record<string, Cell>> {
    return entries.map((e) => ({
      When: when,
      Who: e.who ?? this.ctx.user,
      'Account ID': e.accountId,
      Email: e.email ?? '',
      Type: e.type,
      Details: e.details,
    }));
  }

  /**
   * Team settings from the Settings tab (Key → Value), keyed by `settingKey` (no case, no stray
   * spaces); the first of two rows with one key wins. None when the tab does not exist.
   */
  settings(): Map<string, string> {
    return this.readSettings().values;
  }

  /** The Settings tab's keys as typed, in row order (for naming unknown and repeated keys). */
  settingKeys(): readonly string[] {
    return this.readSettings().typed;
  }

  /** One of the non-scorecard keys declared in core/settings-keys (the scorecard reads `settings()`). */
  setting(key: OtherSettingKey): string | null {
    return this.settings().get(settingKey(key)) ?? null;
  }

  /** Read the Settings tab afresh next time (after Holdfast wrote it). */
  forgetSettings(): void {
    this.settingsCache = undefined;
  }

  private readSettings(): { values: Map<string, string>; typed: string[] } {
    if (!this.settingsCache) {
      const cache = { values: new Map<string, string>(), typed: [] as string[] };
      // Opened on a guess (the team's header cache, else Holdfast's layout): the one read of the tab
      // (row 1 with the rows) checks it.
      if (this.ctx.workbook.tab('Settings')) {
        const tab = this.tabToRead('Settings');
        for (const s of tab.readAll(true)) {
          const key = text(tab.get(s, 'Key'));
          if (!key.trim()) continue;
          cache.typed.push(key);
          const k = settingKey(key);
          if (!cache.values.has(k)) cache.values.set(k, valueText(tab.get(s, 'Value')));
        }
      }
      this.settingsCache = cache;
    }
    return this.settingsCache;
  }

  /** Built-in free-mail domains plus the team's own ("Free-mail domains" in Settings). */
  freeMailDomains(): readonly string[] {
    const extra = (this.setting('Free-mail domains') ?? '')
      .split(/[,\s]+/)
      .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean);
    return extra.length ? [...FREE_MAIL_DOMAINS, ...extra] : FREE_MAIL_DOMAINS;
  }
}

function valueText(v: Cell): string {
  return typeof v === 'number' ? String(v) : text(v);
}
