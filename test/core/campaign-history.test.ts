import {
  campaignHistory,
  campaignStatusOf,
  type HistoryEntry,
  isResultFilter,
  RESULTS_PAGE_SIZE,
  type ResultRow,
  replyMark,
  resultsPage,
} from '../../src/core/campaign-history';

const entry = (id: string, status: string, createdAt: number, live = false): HistoryEntry => ({
  id,
  name: id,
  status,
  createdBy: 'a@x.example',
  createdAt,
  counts: { queued: 0, sent: 1, failed: 0, skipped: 0, inDoubt: 0 },
  live,
});

describe('campaign history', () => {
  it('prefers the live state to the tab row, adds live ones the tab lacks, and sorts newest first', () => {
    const rows = [entry('CMP-1', 'Done', 100), entry('CMP-2', 'Sending', 300), entry('cmp-2', 'Done', 1)];
    const live = [entry('CMP-2', 'Paused', 300, true), entry('CMP-3', 'Scheduled', 200, true)];
    const h = campaignHistory(rows, live);
    expect(h.map((e) => [e.id, e.status, e.live])).toEqual([
      ['CMP-2', 'Paused', true],
      ['CMP-3', 'Scheduled', true],
      ['CMP-1', 'Done', false],
    ]);
    expect(campaignHistory(rows, live, 'finished').map((e) => e.id)).toEqual(['CMP-1']);
    expect(campaignHistory(rows, live, 'active').map((e) => e.id)).toEqual(['CMP-2', 'CMP-3']);
  });

  it('reads a status typed in any case', () => {
    expect(campaignStatusOf(' done ')).toBe('Done');
    expect(campaignStatusOf('waiting FOR quota')).toBe('Waiting for quota');
    expect(campaignStatusOf('Archived')).toBe('Archived');
  });
});

describe('a page of results', () => {
  const rows: ResultRow[] = Array.from({ length: 47 }, (_, i) => ({
    email: `p${i}@x.example`,
    status: i % 10 === 0 ? 'failed' : 'sent',
    detail: i % 10 === 0 ? 'Invalid email' : '',
    row: i + 2,
    replied: i === 3 ? new Date('2026-12-01T10:00:00Z') : i === 5 ? true : null,
    bounced: i === 7 ? new Date('2026-12-01T11:00:00Z') : null,
  }));

  it('counts every status whatever the filter, and pages what the filter and search select', () => {
    const all = resultsPage(rows, 'all', '', 0);
    expect(all.byStatus).toEqual({ failed: 5, sent: 42 });
    expect(all.pages).toBe(Math.ceil(47 / RESULTS_PAGE_SIZE));
    expect(all.rows).toHaveLength(RESULTS_PAGE_SIZE);
    const failed = resultsPage(rows, 'failed', '', 0);
    expect(failed.matching).toBe(5);
    expect(failed.rows.every((r) => r.status === 'failed')).toBe(true);
    expect(failed.byStatus).toEqual(all.byStatus);
    expect(resultsPage(rows, 'all', ' P4', 0).rows.map((r) => r.email)).toEqual([
      'p4@x.example',
      ...Array.from({ length: 7 }, (_, i) => `p${40 + i}@x.example`),
    ]);
  });

  it('counts replies and bounces over the whole campaign, and filters by them', () => {
    const all = resultsPage(rows, 'all', '', 0);
    expect([all.replied, all.bounced]).toEqual([2, 1]);
    expect(resultsPage(rows, 'replied', '', 0).rows.map((r) => r.email)).toEqual(['p3@x.example', 'p5@x.example']);
    expect(resultsPage(rows, 'bounced', 'p7', 0).rows.map((r) => r.email)).toEqual(['p7@x.example']);
    expect(resultsPage(rows, 'bounced', 'p3', 0).matching).toBe(0);
    expect(isResultFilter('replied')).toBe(true);
    expect(isResultFilter('in doubt')).toBe(true);
    expect(isResultFilter('opened')).toBe(false);
  });

  it('reads a Replied or Bounced cell: a date, a mark typed by hand, or nothing', () => {
    const at = new Date('2026-12-03T08:00:00Z');
    expect(replyMark(at)).toBe(at);
    expect(replyMark('yes')).toBe(true);
    expect(replyMark('')).toBeNull();
    expect(replyMark('no')).toBeNull();
    expect(replyMark(0)).toBeNull();
    expect(replyMark(undefined)).toBeNull();
  });

  it('shows the last page for a page past the end, and the first for nonsense', () => {
    expect(resultsPage(rows, 'all', '', 99).page).toBe(2);
    expect(resultsPage(rows, 'all', '', -3).page).toBe(0);
    expect(resultsPage(rows, 'all', '', Number.NaN).page).toBe(0);
    const none = resultsPage([], 'sent', '', 0);
    expect(none).toMatchObject({ total: 0, matching: 0, pages: 1, page: 0, rows: [] });
  });
});
