import type { WorkbookData } from '../../emulator/workbook/model';
import { actionParams, cardText, firstCard, notification } from '../helpers/cards';
import { contact, crmRuntime, sheetClock, strugglingBook, tabRows, teamKey } from '../helpers/crm-fixture';

/**
 * Campaign history and results: every campaign whatever became of it, and who got what, long after
 * its state has left Script Properties.
 */

const T0 = sheetClock('2026-11-23T09:00:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function book(people = 45, unsubscribed = 3): WorkbookData {
  return strugglingBook(
    Array.from({ length: people }, (_, i) =>
      contact(`p${String(i).padStart(2, '0')}@sunny.example`, 'ACC-1', `P${i}`, 'Doe', {
        Unsubscribed: i < unsubscribed ? 'TRUE' : '',
      }),
    ),
  );
}

type Setup = ReturnType<typeof crmRuntime>;

function queue(setup: Setup, name: string, when = '') {
  const ev = setup.event(when ? { when } : {}, { segmentId: 'SEG-1', templateId: 'T-1', name });
  return setup.runtime.run('onCampaignQueue', [ev], { kind: 'card' });
}

function hourly(setup: Setup, at: number) {
  setup.world.nowMs = Math.max(setup.world.nowMs, at);
  return setup.runtime.run('onHourly', [{}], { kind: 'trigger', startMs: setup.world.nowMs });
}

const run = (setup: Setup, fn: string, params: Record<string, string> = {}, inputs: Record<string, string> = {}) =>
  setup.runtime.run(fn, [setup.event(inputs, params)], { kind: 'card' });

const idOf = (wb: WorkbookData, name: string) =>
  String(tabRows(wb, 'Campaigns').find((c) => c.Name === name)?.['Campaign ID']);

/** Three campaigns: one done, one cancelled, one scheduled for later. */
function three() {
  const wb = book();
  const setup = crmRuntime(wb);
  queue(setup, 'First news');
  hourly(setup, T0 + HOUR);
  setup.world.nowMs = T0 + 2 * HOUR;
  queue(setup, 'Dropped idea', new Date(T0 + 10 * HOUR).toISOString());
  run(setup, 'onCampaignControl', { id: idOf(wb, 'Dropped idea'), do: 'cancel', confirmed: 'yes' });
  setup.world.nowMs = T0 + 3 * HOUR;
  queue(setup, 'Next week', new Date(T0 + 5 * DAY).toISOString());
  return { wb, setup };
}

describe('campaign history', () => {
  it('lists every campaign newest first, done and cancelled too, and filters them', () => {
    const { setup } = three();
    const all = cardText(run(setup, 'onCampaigns').result);
    expect(all).toContain('Campaigns (3)');
    const order = ['Next week', 'Dropped idea', 'First news'].map((n) => all.indexOf(n));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    expect(all).toContain('42 of 45 sent · 3 skipped');
    // A cancelled campaign says what went out, not "0 of 3" of a total its row cannot know.
    expect(all).toContain('0 sent · 3 skipped');
    expect(all).not.toContain('No campaigns yet');
    const active = cardText(run(setup, 'onCampaigns', { filter: 'active' }).result);
    expect(active).toContain('Next week');
    expect(active).not.toContain('First news');
    const finished = cardText(run(setup, 'onCampaigns', { filter: 'finished' }).result);
    expect(finished).toContain('First news');
    expect(finished).toContain('Dropped idea');
    expect(finished).not.toContain('Next week');
  });

  it('still lists and opens a finished campaign after its state has left Script Properties', () => {
    const { wb, setup } = three();
    const id = idOf(wb, 'First news');
    // Days later, the team's upkeep sweeps finished states (kept 3 days).
    for (let d = 1; d <= 5; d++) hourly(setup, T0 + d * DAY);
    expect(setup.world.properties.script[teamKey(wb.id, `HOLDFAST_CAMPAIGN_${id}`)]).toBeUndefined();
    const history = run(setup, 'onCampaigns');
    expect(cardText(history.result)).toContain('First news');
    // A finished campaign opens to its results (its card's controls are gone with its state).
    expect(JSON.stringify(history.result)).toContain(
      `"function":"onCampaignResults","parameters":[{"key":"id","value":"${id}"}]`,
    );
    const opened = run(setup, 'onCampaignOpen', { id });
    expect(opened.error).toBeUndefined();
    // Its results, from the Campaigns and Send log tabs.
    expect(cardText(opened.result)).toContain('sent 42 · skipped 3');
  });
});

describe('campaign results', () => {
  it('says who started it and when, counts each status, and says replies and bounces are not tracked', () => {
    const { wb, setup } = three();
    const id = idOf(wb, 'First news');
    const text = cardText(run(setup, 'onCampaignResults', { id }).result);
    expect(text).toContain('Started by');
    expect(text).toContain('am@holdfast.example');
    expect(text).toContain('on Nov 23, 2026');
    expect(text).toContain('finished Nov 23, 2026');
    expect(text).toContain('45 recipients');
    expect(text).toContain('sent 42 · skipped 3');
    expect(text).toContain('Replies and bounces: not tracked');
  });

  it('filters by status with the reason, finds by address, pages, and opens a person', () => {
    const { wb, setup } = three();
    const id = idOf(wb, 'First news');
    const skipped = cardText(run(setup, 'onCampaignResults', { id, in: 'results' }, { status: 'skipped' }).result);
    expect(skipped).toContain('3 shown by this filter');
    expect(skipped).toContain('p00@sunny.example');
    expect(skipped).toMatch(/unsubscribed/i);
    expect(skipped).not.toContain('p10@sunny.example');
    const found = run(setup, 'onCampaignResults', { id, in: 'results' }, { find: 'P17@' });
    expect(cardText(found.result)).toContain('1 shown by this filter');
    expect(actionParams(found.result, 'onPersonOpen')).toEqual({ email: 'p17@sunny.example', name: '' });
    // 45 rows in Send log order (the 42 queued, then the 3 left out), 20 a page: the third holds the last 5.
    const first = run(setup, 'onCampaignResults', { id });
    expect(cardText(first.result)).toContain('page 1 of 3');
    const next = actionParams(first.result, 'onCampaignResults');
    expect(next).toMatchObject({ id });
    const third = cardText(run(setup, 'onCampaignResults', { id, in: 'results', page: '2' }).result);
    expect(third).toContain('page 3 of 3');
    expect(third).toContain('p44@sunny.example');
    expect(third).toContain('p00@sunny.example');
    expect(third).not.toContain('p10@sunny.example');
    // Sent rows say when, on the reader's clock.
    expect(cardText(first.result)).toMatch(/sent Nov 23, 2026, \d{1,2}:\d{2} [AP]M/);
  });

  it('updates in place from its own buttons, and a campaign card’s Refresh replaces the card', () => {
    const { wb, setup } = three();
    const id = idOf(wb, 'Next week');
    const nav = (r: { result?: unknown }) => Object.keys((r.result as any).renderActions.action.navigations[0])[0];
    expect(nav(run(setup, 'onCampaignResults', { id }))).toBe('pushCard');
    expect(nav(run(setup, 'onCampaignResults', { id, in: 'results' }))).toBe('updateCard');
    const card = run(setup, 'onCampaignOpen', { id });
    expect(nav(card)).toBe('pushCard');
    const refresh = actionParams(firstCard(card.result), 'onCampaignOpen');
    expect(refresh).toEqual({ id, refresh: 'yes' });
    expect(nav(run(setup, 'onCampaignOpen', refresh))).toBe('updateCard');
    expect(cardText(card.result)).toContain('replies and bounces not tracked');
  });

  it('refuses an ID this sheet does not know', () => {
    const { setup } = three();
    expect(notification(run(setup, 'onCampaignResults', { id: 'CMP-20200101-XXXXX' }).result)).toMatch(
      /not in this sheet's Campaigns tab/,
    );
  });
});
