/**
 * `npm run screenshots`: render the add-on's main cards, from the card JSON the real bundle returns in
 * the local runtime on the demo CRM, and save each as docs/cards/NAME.png for the README.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateDemo } from '../demo/generate';
import { launchChromium } from '../emulator/preview/browser';
import { cellText } from '../emulator/preview/cells';
import { chartViews } from '../emulator/preview/charts';
import { escapeHtml, PREVIEW_CSS, renderCard, renderResponse } from '../emulator/preview/render';
import { writeWorkbookFile } from '../emulator/workbook/xlsx';
import { LocalWorkspace } from '../emulator/workspace';

process.env.TZ = 'UTC';
const out = path.join(__dirname, '..', 'docs', 'cards');

function cardsOf(result: unknown): unknown[] {
  const r = renderResponse(result);
  if (r.kind === 'cards') return r.cards;
  if (r.kind === 'actions')
    return r.navigations
      .map(
        (n) =>
          (n as { pushCard?: unknown; updateCard?: unknown }).pushCard ?? (n as { updateCard?: unknown }).updateCard,
      )
      .filter(Boolean);
  return [];
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holdfast-shots-'));
  const { workbook, mailbox } = generateDemo({ accounts: 60, seed: 42 });
  const file = path.join(dir, 'demo.xlsx');
  writeWorkbookFile(workbook, file);
  fs.writeFileSync(path.join(dir, 'mailbox.json'), JSON.stringify(mailbox));
  const ws = LocalWorkspace.open({
    workbook: file,
    mailbox: path.join(dir, 'mailbox.json'),
    stateDir: path.join(dir, 'state'),
  });
  // The normal state of a CRM in use: scored by the daily scan, week after week for the last 12 weeks
  // (each scan sees only the Usage weeks imported by its day), so the card has its weekly line.
  const now = ws.world.nowMs;
  for (let weeksAgo = 11; weeksAgo >= 0; weeksAgo--) {
    ws.world.nowMs = now - weeksAgo * 7 * 86_400_000;
    const scan = ws.call('onHourly', {}, 'trigger');
    if (!scan.ok) throw new Error(`screenshots: the scan failed: ${scan.error?.message}`);
  }
  const struggling = mailbox.find((m) => /payment/i.test(m.subject)) ?? mailbox[0];
  const open = ws.open(struggling.from);
  const accountId = JSON.stringify(open.result).match(/"accountId","value":"([^"]+)"/)?.[1] ?? '';
  const email = JSON.stringify(open.result).match(/"email","value":"([^"]+)"/)?.[1] ?? '';
  const shots: Array<[string, unknown]> = [
    ['homepage', ws.call('onHomepage', ws.commonEvent()).result],
    ['contextual', open.result],
    ['tags', ws.call('onAccountForm', ws.commonEvent({}, { form: 'tags', accountId, email })).result],
    [
      'offer',
      ws.call('onAccountForm', ws.commonEvent({ offerType: ['Payment holiday'] }, { form: 'offer', accountId, email }))
        .result,
    ],
    ['compose', ws.call('onComposeTemplates', { ...ws.commonEvent(), gmail: { toRecipients: [email] } }).result],
    ['setup', ws.call('onSetupAction', ws.commonEvent()).result],
  ];
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 360, height: 900 }, deviceScaleFactor: 1 });
  fs.mkdirSync(out, { recursive: true });
  for (const [name, result] of shots) {
    const card = cardsOf(result)[0];
    if (!card) throw new Error(`screenshots: ${name} returned no card`);
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${PREVIEW_CSS} body{margin:0;background:#f6f8fc;padding:8px}</style></head><body>${renderCard(card as never)}</body></html>`,
    );
    const el = await page.$('body');
    await el!.screenshot({ path: path.join(out, `${name}.png`) });
    process.stdout.write(`docs/cards/${name}.png\n`);
  }
  // The Insights tab the scan built: its first figures, each table with its chart as the preview draws it.
  const book = ws.workbooks.all()[0];
  const tab = book?.sheets.find((t) => t.name === 'Insights');
  if (!tab) throw new Error('screenshots: the scan built no Insights tab');
  const views = chartViews(book, tab).slice(0, 4);
  const blocks = views.map((v) => {
    const top = Number(/\d+$/.exec(v.anchor)?.[0] ?? 1) - 1;
    let end = top;
    while (end < tab.rows.length && (tab.rows[end] ?? []).some((c) => c !== '' && c !== null)) end++;
    const width = Math.max(...tab.rows.slice(top, end).map((r) => r.filter((c) => c !== '').length));
    const rows = tab.rows.slice(top, end).map(
      (r, i) =>
        `<tr>${r
          .slice(0, width)
          .map((c) => `<${i === 2 ? 'th' : 'td'}>${escapeHtml(cellText(c))}</${i === 2 ? 'th' : 'td'}>`)
          .join('')}</tr>`,
    );
    return `<div class="block"><table>${rows.join('')}</table><div class="chart">${v.svg}</div></div>`;
  });
  const sheetPage = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  await sheetPage.setContent(
    `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;padding:12px;font:12px Arial,sans-serif;background:#fff}.block{display:flex;gap:16px;align-items:flex-start;margin-bottom:18px}table{border-collapse:collapse}td,th{border:1px solid #e0e0e0;padding:2px 6px;white-space:nowrap;max-width:260px;overflow:hidden;text-overflow:ellipsis}th{background:#f1f3f4}.chart svg{width:420px;height:auto}</style></head><body><p>${escapeHtml(cellText(tab.rows[0]?.[0]))}</p>${blocks.join('')}</body></html>`,
  );
  await sheetPage.screenshot({ path: path.join(out, 'insights.png'), fullPage: true });
  process.stdout.write('docs/cards/insights.png\n');
  // The local preview itself: the demo inbox with a message open beside the add-on.
  const { startPreview } = await import('../emulator/preview/server');
  const preview = await startPreview({
    port: 0,
    workbook: file,
    mailbox: path.join(dir, 'mailbox.json'),
    stateDir: path.join(dir, 'preview-state'),
  });
  const full = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await full.goto(preview.url);
  await full.locator('#inbox li').first().waitFor();
  await full.locator('#inbox li', { hasText: struggling.subject }).first().click();
  await full.getByText('/ 100').first().waitFor();
  await full.screenshot({ path: path.join(__dirname, '..', 'docs', 'preview.png') });
  process.stdout.write('docs/preview.png\n');
  await preview.close();
  await browser.close();
}

main().catch((e) => {
  process.stderr.write(`screenshots: ${(e as Error).message}\n`);
  process.exit(1);
});
