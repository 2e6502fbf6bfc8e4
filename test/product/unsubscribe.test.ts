import { parseWebAppUrl, serveWebRequest } from '../../emulator/runtime/webapp';
import type { WorkbookData } from '../../emulator/workbook/model';
import { TOKEN_DAYS } from '../../src/core/unsubscribe';
import { cardText } from '../helpers/cards';
import { contact, crmRuntime, setting, sheetClock, strugglingBook, tabRows } from '../helpers/crm-fixture';

/**
 * Unsubscribe links: in every bulk email, served by the project's web app (anonymous visitors, run
 * as the deployer), a GET that only asks, a POST that records, the sender honouring it at once and
 * Contacts getting it at the next hourly run.
 */

const T0 = sheetClock('2026-11-23T09:00:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Setup = ReturnType<typeof crmRuntime>;

function book(people = 5): WorkbookData {
  const wb = strugglingBook(
    Array.from({ length: people }, (_, i) => contact(`p${i}@sunny.example`, 'ACC-1', `P${i}`, 'Doe')),
  );
  setting(wb, 'Company name', 'Holdfast Ltd');
  setting(wb, 'Postal address', '1 Quay St, Bristol BS1 4QA');
  return wb;
}

function queue(setup: Setup, name: string) {
  const ev = setup.event({}, { segmentId: 'SEG-1', templateId: 'T-1', name });
  const r = setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
  if (!r.ok) throw new Error(String(r.error?.message));
  return r.result;
}

function hourly(setup: Setup, at: number) {
  setup.world.nowMs = Math.max(setup.world.nowMs, at);
  return setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
}

/** The unsubscribe link in the email sent to `to` (the text body's). */
function linkFor(setup: Setup, to: string): string {
  const mail = setup.world.outbox.find((m) => m.to.includes(to));
  const m = /To stop receiving these emails: (\S+)/.exec(mail?.body ?? '');
  if (!m) throw new Error(`no unsubscribe link in the email to ${to}`);
  return m[1];
}

/** An anonymous visitor following a link (GET) or pressing the page's button (POST with its form). */
function visit(setup: Setup, url: string, post?: Record<string, string>) {
  const at = parseWebAppUrl(url, setup.world.webApp);
  if (!at) throw new Error(`${url} is not the web app's`);
  return serveWebRequest(
    setup.runtime,
    post
      ? {
          method: 'POST',
          ...at,
          body: new URLSearchParams(post).toString(),
          contentType: 'application/x-www-form-urlencoded',
          user: null,
        }
      : { method: 'GET', ...at, user: null },
  );
}

/** The hidden token the confirmation page's form posts. */
const formToken = (html: string) => /name="t" value="([^"]+)"/.exec(html)?.[1] ?? '';

const unsubscribed = (wb: WorkbookData, email: string) =>
  String(tabRows(wb, 'Contacts').find((c) => c.Email === email)?.Unsubscribed ?? '');

describe('unsubscribe links', () => {
  it('end every campaign email with the footer and a link of the recipient’s own', () => {
    const wb = book(3);
    const setup = crmRuntime(wb);
    queue(setup, 'News');
    hourly(setup, T0 + HOUR);
    expect(setup.world.outbox).toHaveLength(3);
    for (const m of setup.world.outbox) {
      expect(m.body).toContain('Holdfast Ltd · 1 Quay St, Bristol BS1 4QA');
      expect(linkFor(setup, m.to[0]).startsWith(setup.world.webApp!.url)).toBe(true);
    }
    const links = setup.world.outbox.map((m) => linkFor(setup, m.to[0]));
    expect(new Set(links).size).toBe(3);
    // A claim and its signature, web-safe.
    expect(links[0].split('?t=')[1]).toMatch(/^[\w-]+\.[\w-]+$/);
  });

  it('the preview shows the footer as it will end the email, with a stand-in for the link', () => {
    const setup = crmRuntime(book(2));
    const preview = cardText(
      setup.runtime.run(
        'onCampaignPreview',
        [setup.event({}, { segmentId: 'SEG-1', templateId: 'T-1', name: 'News' })],
        { kind: 'card' },
      ).result,
    );
    expect(preview).toContain('Holdfast Ltd · 1 Quay St, Bristol BS1 4QA');
    expect(preview).toContain('To stop receiving these emails: ‹their own unsubscribe link›');
    expect(preview).not.toContain('?t=');
  });

  it('refuses Send while there is no unsubscribe page, saying where to set one', () => {
    const setup = crmRuntime(book(2));
    delete setup.world.webApp;
    const r = cardText(queue(setup, 'News'));
    expect(r).toContain('Bulk email needs an unsubscribe page');
    expect(setup.world.outbox).toHaveLength(0);
  });

  it('a GET only asks (a mail scanner opts nobody out); the POST records, and Contacts follows', () => {
    const wb = book(3);
    const setup = crmRuntime(wb);
    queue(setup, 'News');
    hourly(setup, T0 + HOUR);
    const link = linkFor(setup, 'p1@sunny.example');
    const asked = visit(setup, link);
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('Stop bulk emails from this team to <b>p•••@sunny.example</b>?');
    expect(asked.body).toContain('method="post"');
    // A scanner opening it twice: still nobody opted out.
    visit(setup, link);
    hourly(setup, T0 + 2 * HOUR);
    expect(unsubscribed(wb, 'p1@sunny.example')).toBe('');
    const done = visit(setup, link, { t: formToken(asked.body) });
    expect(done.body).toContain('You are unsubscribed');
    // Replayed: the same answer, one opt-out.
    expect(visit(setup, link, { t: formToken(asked.body) }).body).toContain('You are unsubscribed');
    hourly(setup, T0 + 3 * HOUR);
    expect(unsubscribed(wb, 'p1@sunny.example')).toMatch(/^via link \d{4}-\d{2}-\d{2}$/);
    expect(unsubscribed(wb, 'p0@sunny.example')).toBe('');
    // The next campaign leaves them out, saying why.
    setup.world.outbox.length = 0;
    const preview = cardText(
      setup.runtime.run(
        'onCampaignPreview',
        [setup.event({}, { segmentId: 'SEG-1', templateId: 'T-1', name: 'Again' })],
        { kind: 'card' },
      ).result,
    );
    expect(preview).toContain('p1@sunny.example: Unsubscribed');
    queue(setup, 'Again');
    hourly(setup, T0 + 4 * HOUR);
    expect(setup.world.outbox.map((m) => m.to[0]).sort()).toEqual(['p0@sunny.example', 'p2@sunny.example']);
  });

  it('refuses forged, damaged and expired links with a page that says so, recording nothing', () => {
    const wb = book(2);
    const setup = crmRuntime(wb);
    queue(setup, 'News');
    hourly(setup, T0 + HOUR);
    const link = linkFor(setup, 'p0@sunny.example');
    const [base, token] = link.split('?t=');
    const [claim, signature] = token.split('.');
    const forged = `${base}?t=${claim}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const bad of [forged, `${base}?t=${claim}`, `${base}?t=nonsense`, `${base}`]) {
      const page = visit(setup, bad);
      expect(page.body).toContain('This link does not work');
      expect(visit(setup, bad, { t: bad.split('?t=')[1] ?? '' }).body).toContain('This link does not work');
    }
    // Another recipient's address under p0's signature.
    const otherClaim = Buffer.from(
      Buffer.from(claim, 'base64url').toString('utf8').replace('p0@', 'p1@'),
      'utf8',
    ).toString('base64url');
    expect(visit(setup, `${base}?t=${otherClaim}.${signature}`, { t: `${otherClaim}.${signature}` }).body).toContain(
      'This link does not work',
    );
    setup.world.nowMs = T0 + (TOKEN_DAYS + 2) * DAY;
    expect(visit(setup, link).body).toContain('the link has expired');
    hourly(setup, setup.world.nowMs);
    expect(tabRows(wb, 'Contacts').every((c) => c.Unsubscribed === '')).toBe(true);
  });

  it('an opt-out arriving mid-campaign stops that recipient’s email before the next window, even before Contacts has it', () => {
    const wb = book(40);
    const setup = crmRuntime(wb);
    setup.world.mail.dailyRecipients = 10;
    queue(setup, 'First');
    hourly(setup, T0 + HOUR);
    // A link from an earlier email: p0 got the first campaign; it confirms now.
    const link = linkFor(setup, 'p0@sunny.example');
    queue(setup, 'Second');
    // Someone deleted the Unsubscribed column: Contacts cannot take it, the sender still must honour it.
    const contacts = wb.sheets.find((s) => s.name === 'Contacts')!;
    const col = contacts.rows[0].indexOf('Unsubscribed');
    for (const r of contacts.rows) r.splice(col, 1);
    visit(setup, link, { t: link.split('?t=')[1] });
    setup.world.outbox.length = 0;
    for (let d = 1; d <= 6; d++) hourly(setup, T0 + d * DAY + HOUR);
    const second = tabRows(wb, 'Send log').filter(
      (r) => r['Campaign ID'] !== tabRows(wb, 'Send log')[0]['Campaign ID'],
    );
    const p0 = second.find((r) => r.Email === 'p0@sunny.example');
    expect(p0?.Status).toBe('skipped');
    expect(String(p0?.Detail)).toContain('Unsubscribed (via link)');
    expect(setup.world.outbox.filter((m) => m.to.includes('p0@sunny.example'))).toHaveLength(0);
  });
});
