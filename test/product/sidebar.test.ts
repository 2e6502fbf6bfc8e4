import { connectCrm } from '../../emulator/connect';
import { collectActionFunctions } from '../../emulator/services/card';
import { actionParams, cardText, firstCard, formattedTexts } from '../helpers/cards';
import { account, contact, crmRuntime, crmWorkbook, message, setting, USER } from '../helpers/crm-fixture';

const book = () =>
  crmWorkbook({
    Accounts: [
      account('ACC-1', '<b>Acme</b> & Sons', 'acme.com', {
        Tags: 'vip, travel',
        'Crisis impact': 'Struggling',
        MRR: 4200,
        Stage: 'At risk',
      }),
      account('ACC-2', 'Beta Health', 'beta.io', { MRR: 900, Owner: 'someone.else@holdfast.example' }),
    ],
    Contacts: [contact('ana@acme.com', 'ACC-1', 'Ana', "O'Brien")],
  });

const mailbox = [
  message('m1', 'Ana <ANA@acme.com>', { cc: 'bo@acme.com' }),
  message('m2', 'New Person <new.person@beta.io>'),
  message('m3', 'Stranger <stranger@gmail.com>'),
  message('m4', 'Unknown <x@nowhere.example>'),
];

describe('the homepage card', () => {
  it("lists the user's accounts at risk and counts the team's book", () => {
    const { runtime, event } = crmRuntime(book());
    const r = runtime.run('onHomepage', [event()], { kind: 'card' });
    expect(r.error).toBeUndefined();
    const text = cardText(r.result);
    expect(text).toContain('My accounts at risk (1 of 1)');
    expect(text).toContain('&lt;b&gt;Acme&lt;/b&gt; &amp; Sons');
    expect(text).not.toContain('Beta Health'); // owned by someone else
    expect(text).toContain('Team book (2 accounts)');
    expect(collectActionFunctions(r.result)).toContain('onAccountOpen');
  });

  describe("from the hourly run's summary of the book", () => {
    const HOUR = 3_600_000;
    /** Beta Health's Stage cell, edited by hand in the Sheet. */
    const setStage = (wb: ReturnType<typeof book>, id: string, stage: string) => {
      const rows = wb.sheets.find((s) => s.name === 'Accounts')!.rows;
      const row = rows.find((r) => r[0] === id)!;
      row[rows[0].indexOf('Stage')] = stage;
    };
    const summarised = () => {
      const wb = book();
      // Beta Health is ours too here, and healthy: not at risk until someone says so.
      const rows = wb.sheets.find((s) => s.name === 'Accounts')!.rows;
      rows[2][rows[0].indexOf('Owner')] = USER;
      const setup = crmRuntime(wb);
      const hourly = setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
      expect(hourly.ok).toBe(true);
      expect(hourly.logs.join('\n')).toMatch(/the book summarised again/);
      setup.world.nowMs += 10 * 60_000;
      const home = () => setup.runtime.run('onHomepage', [setup.event()], { kind: 'card' });
      return { wb, setup, home };
    };

    it('shows it with the time it was read (a hand edit since waits for the next run), and Refresh reads the Sheet now', () => {
      const { wb, setup, home } = summarised();
      setStage(wb, 'ACC-2', 'At risk');
      const kept = home();
      expect(kept.ok).toBe(true);
      const text = cardText(kept.result);
      // A hand edit since the hourly run waits for the next one, and the card says how old its list is.
      expect(text).toContain('My accounts at risk (1 of 2)');
      expect(text).toMatch(/As of .*: the Sheet is read again every hour/);
      expect(text).toContain('Team book (2 accounts)');
      expect(collectActionFunctions(kept.result)).toContain('onHomeRefresh');
      const refreshed = setup.runtime.run('onHomeRefresh', [setup.event()], { kind: 'card' });
      expect(refreshed.ok).toBe(true);
      const now = cardText(refreshed.result);
      expect(now).toContain('My accounts at risk (2 of 2)');
      expect(now).toContain('Beta Health');
      expect(now).not.toMatch(/As of /);
      // What Refresh read is kept: the next homepage shows it, with its time.
      const after = cardText(home().result);
      expect(after).toContain('My accounts at risk (2 of 2)');
      expect(after).toMatch(/As of /);
      // The next hourly run reads the book again once the summary is old.
      setStage(wb, 'ACC-2', 'Engaged');
      setup.world.nowMs += HOUR;
      expect(setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs }).ok).toBe(true);
      expect(cardText(home().result)).toContain('My accounts at risk (1 of 2)');
    });

    it('reads the Sheet when the summary is gone from the cache or was ranked with other currency rates', () => {
      const { wb, setup, home } = summarised();
      setStage(wb, 'ACC-2', 'At risk');
      setup.world.cache.script = {};
      expect(cardText(home().result)).toContain('My accounts at risk (2 of 2)');
      setStage(wb, 'ACC-2', 'Engaged');
      setting(wb, 'Currency rates', 'EUR=1.1');
      const text = cardText(home().result);
      expect(text).toContain('My accounts at risk (1 of 2)');
      expect(text).not.toMatch(/As of /);
    });

    it('shows a user who owns no account that they own none, from the summary', () => {
      const { setup } = summarised();
      setup.world.people = { ...setup.world.people, 'nobody@holdfast.example': { timeZone: 'UTC', locale: 'en-US' } };
      setup.world.user = 'nobody@holdfast.example';
      connectCrm(setup.world, 'crm-test');
      const r = setup.runtime.run('onHomepage', [setup.event()], { kind: 'card' });
      expect(r.ok).toBe(true);
      expect(cardText(r.result)).toContain('No accounts are owned by nobody@holdfast.example');
      expect(cardText(r.result)).toMatch(/As of /);
    });
  });

  it('offers setup when no CRM sheet is connected', () => {
    const { runtime, event } = crmRuntime(null);
    const r = runtime.run('onHomepage', [event()], { kind: 'card' });
    expect(r.error).toBeUndefined();
    expect(cardText(r.result)).toContain('Create CRM sheet');
    expect(collectActionFunctions(r.result)).toEqual(expect.arrayContaining(['onSetupCreate', 'onSetupConnect']));
  });

  it('explains a deleted or unshared sheet instead of failing', () => {
    const { runtime, event, world } = crmRuntime(book());
    connectCrm(world, 'a-sheet-that-is-gone');
    const r = runtime.run('onHomepage', [event()], { kind: 'card' });
    expect(r.ok).toBe(true);
    expect(cardText(r.result)).toMatch(/cannot open the CRM sheet: it was deleted, or it is not shared with you/);
    // Old behaviour: Google's own message was dropped. Now the developer's log keeps it.
    expect(r.logs.join('\n')).toMatch(/cannot open the CRM sheet.*\(.+\)/);
    // Its button answers as a button must (an ActionResponse), with the homepage in its place.
    const back = runtime.run('onHomeOpen', [event({}, actionParams(r.result, 'onHomeOpen'))], { kind: 'card' });
    expect(back.error).toBeUndefined();
    expect(cardText(back.result)).toMatch(/cannot open the CRM sheet/);
  });
});

describe('the contextual card beside an open message', () => {
  it("shows a known sender's profile, escaping sheet text", () => {
    const { runtime, event } = crmRuntime(book(), mailbox);
    const r = runtime.run('onGmailMessage', [event({}, {}, 'm1')], { kind: 'card' });
    expect(r.error).toBeUndefined();
    const text = cardText(r.result);
    expect(text).toContain("Ana O'Brien");
    expect(text).toContain('&lt;b&gt;Acme&lt;/b&gt; &amp; Sons');
    expect(text).toContain('USD 4,200');
    expect(text).toContain('Crisis impact');
    expect(text).toContain('Struggling');
    // Fields rendered as HTML carry it escaped; the header is plain text and shows it literally anyway.
    for (const t of formattedTexts(r.result)) expect(t).not.toContain('<b>Acme</b>');
  });

  it('falls back to the account matching the sender domain', () => {
    const { runtime, event } = crmRuntime(book(), mailbox);
    const text = cardText(runtime.run('onGmailMessage', [event({}, {}, 'm2')], { kind: 'card' }).result);
    expect(text).toContain('new.person@beta.io is not in Contacts; matched to the account by domain.');
    expect(text).toContain('Beta Health');
  });

  it('never guesses a company from a free-mail address', () => {
    const { runtime, event } = crmRuntime(book(), mailbox);
    const text = cardText(runtime.run('onGmailMessage', [event({}, {}, 'm3')], { kind: 'card' }).result);
    expect(text).toContain('uses a personal mail domain');
  });

  it('says so when nobody matches', () => {
    const { runtime, event } = crmRuntime(book(), mailbox);
    expect(cardText(runtime.run('onGmailMessage', [event({}, {}, 'm4')], { kind: 'card' }).result)).toContain(
      'No contact or account matches x@nowhere.example',
    );
  });

  it('reads only the open message, through the current-message token', () => {
    const { runtime, event } = crmRuntime(book(), mailbox);
    const ev = event({}, {}, 'm1') as any;
    ev.gmail.accessToken = 'token:m2'; // a token for another message
    const r = runtime.run('onGmailMessage', [ev], { kind: 'card' });
    expect(cardText(r.result)).toMatch(/Something went wrong/);
  });

  it('opens an account pushed from a list', () => {
    const { runtime, event } = crmRuntime(book(), mailbox);
    const r = runtime.run('onAccountOpen', [event({}, { accountId: 'ACC-2' })], { kind: 'card' });
    expect(cardText(firstCard(r.result))).toContain('Beta Health');
  });
});
