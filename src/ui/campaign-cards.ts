import {
  allowedControls,
  type CampaignState,
  type Control,
  mayRequeueFailed,
  progressText,
  requeuedWhen,
} from '../core/campaign';
import { readableNumber } from '../core/format';
import { escapeHtml } from '../core/html';
import { TRACKING_REPLIES } from '../tracking';
import { action, textButton } from './actions';
import { confirmCard } from './confirm-card';
import { addMergedEmail } from './merged-email';
import { reader } from './reader';

type Card = GoogleAppsScript.Card_Service.Card;

export interface Choice {
  id: string;
  name: string;
}

export function newCampaignCard(segments: Choice[], templates: Choice[]): Card {
  const s = CardService.newCardSection();
  s.addWidget(CardService.newTextInput().setFieldName('name').setTitle('Campaign name'));
  const seg = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.DROPDOWN)
    .setFieldName('segmentId')
    .setTitle('Send to (segment)');
  if (segments.length === 0) seg.addItem('No segments yet: create one first', '', true);
  segments.forEach((x, i) => seg.addItem(x.name, x.id, i === 0));
  s.addWidget(seg);
  const tpl = CardService.newSelectionInput()
    .setType(CardService.SelectionInputType.DROPDOWN)
    .setFieldName('templateId')
    .setTitle('Template');
  if (templates.length === 0) tpl.addItem('No templates yet: create one first', '', true);
  templates.forEach((x, i) => tpl.addItem(x.name, x.id, i === 0));
  s.addWidget(tpl);
  s.addWidget(
    CardService.newButtonSet()
      .addButton(textButton('Preview', 'onCampaignPreview', {}, true))
      .addButton(textButton('New segment', 'onSegmentEdit', { from: 'campaign' }))
      .addButton(textButton('New template', 'onTemplateEdit', { from: 'campaign' })),
  );
  return CardService.newCardBuilder()
    .setName('campaign-new')
    .setHeader(CardService.newCardHeader().setTitle('New campaign'))
    .addSection(s)
    .build();
}

export interface PreviewModel {
  name: string;
  segmentId: string;
  templateId: string;
  segment: string;
  recipients: number;
  excluded: Array<{ email: string; reason: string }>;
  unknownFields: string[];
  blankRecipients: Array<{ email: string; fields: string[] }>;
  /** Recipients whose merged email MailApp would refuse, with why (sending is refused). */
  oversize: Array<{ email: string; why: string }>;
  /** Advice that does not refuse the send (the win-back tone check). */
  warnings: string[];
  /** Recipients this user's daily quota still allows. */
  quota: number;
  /** Values the segment could not read, one line per column. */
  unreadable: string[];
  index: number;
  /** Why Go to found nobody ('' when it did, or was not used). */
  missed: string;
  sample: { email: string; subject: string; body: string } | null;
  /** One-time key of this preview: Send queues the campaign once, however often it is pressed. */
  queueKey: string;
  /** The template as previewed (its fingerprint): Send refuses a template edited since. */
  approved: string;
  /** The sheet previewed: Send refuses to queue in another one. */
  sheet: string;
}

/** Before sending: who, the check, one recipient's merged email at a time, test send, send or schedule. */
export function campaignPreviewCard(m: PreviewModel): Card {
  const keep = { name: m.name, segmentId: m.segmentId, templateId: m.templateId };
  const who = CardService.newCardSection().setHeader('Recipients');
  who.addWidget(
    CardService.newDecoratedText()
      .setTopLabel(escapeHtml(m.segment))
      .setText(`<b>${m.recipients}</b> will get it`)
      .setBottomLabel(`${m.excluded.length} left out`)
      .setWrapText(true),
  );
  const later = m.recipients - m.quota;
  who.addWidget(
    CardService.newTextParagraph().setText(
      escapeHtml(
        later > 0
          ? `Your daily quota allows ${readableNumber(Math.max(0, m.quota), reader().locale)} more: ${readableNumber(Math.max(0, m.quota), reader().locale)} go now, the other ${readableNumber(later, reader().locale)} when the quota returns (24 hours after each send).`
          : `All ${readableNumber(m.recipients, reader().locale)} fit in your daily quota (${readableNumber(m.quota, reader().locale)} left).`,
      ),
    ),
  );
  if (m.excluded.length)
    who.addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml(
          m.excluded
            .slice(0, 5)
            .map((x) => `${x.email}: ${x.reason}`)
            .join('\n') + (m.excluded.length > 5 ? `\n…and ${m.excluded.length - 5} more` : ''),
        ),
      ),
    );
  const check = CardService.newCardSection().setHeader('Check');
  for (const u of m.unreadable) check.addWidget(CardService.newTextParagraph().setText(escapeHtml(u)));
  if (m.oversize.length)
    check.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(`${m.oversize.length} recipient(s) cannot be sent this email (sending is refused)`)
        .setText(
          escapeHtml(
            m.oversize
              .slice(0, 5)
              .map((o) => `${o.email}: ${o.why}`)
              .join('\n'),
          ),
        )
        .setWrapText(true),
    );
  if (!m.unknownFields.length && !m.blankRecipients.length && !m.oversize.length)
    check.addWidget(
      CardService.newTextParagraph().setText('✓ Every field is known and every recipient gets a value or a fallback.'),
    );
  if (m.unknownFields.length)
    check.addWidget(
      CardService.newDecoratedText()
        .setTopLabel('Unknown fields (sending is refused)')
        .setText(escapeHtml(m.unknownFields.join(', ')))
        .setWrapText(true),
    );
  for (const w of m.warnings) check.addWidget(CardService.newTextParagraph().setText(`⚠ ${escapeHtml(w)}`));
  if (m.blankRecipients.length) {
    check.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(`${m.blankRecipients.length} recipient(s) would get a blank field`)
        .setText(
          escapeHtml(
            m.blankRecipients
              .slice(0, 5)
              .map((b) => `${b.email}: ${b.fields.join(', ')}`)
              .join('\n'),
          ),
        )
        .setWrapText(true),
    );
    check.addWidget(
      CardService.newSelectionInput()
        .setType(CardService.SelectionInputType.CHECK_BOX)
        .setFieldName('acceptBlanks')
        .addItem('Send anyway, with those fields blank', 'yes', false),
    );
  }
  const sample = CardService.newCardSection().setHeader(
    `Preview: recipient ${Math.min(m.index + 1, m.recipients)} of ${m.recipients}`,
  );
  sample.addWidget(
    CardService.newTextInput()
      .setFieldName('jump')
      .setTitle('Go to recipient (number or part of an address)')
      .setValue('')
      .setOnChangeAction(action('onCampaignPreview', { ...keep, index: String(m.index), go: 'yes' })),
  );
  if (m.missed) sample.addWidget(CardService.newTextParagraph().setText(escapeHtml(m.missed)));
  if (m.sample) addMergedEmail(sample, m.sample.email, m.sample.subject, m.sample.body);
  sample.addWidget(
    CardService.newButtonSet()
      .addButton(textButton('‹ Previous', 'onCampaignPreview', { ...keep, index: String(Math.max(0, m.index - 1)) }))
      .addButton(
        textButton('Next ›', 'onCampaignPreview', { ...keep, index: String(Math.min(m.recipients - 1, m.index + 1)) }),
      ),
  );
  const send = CardService.newCardSection().setHeader('Send');
  send.addWidget(
    CardService.newButtonSet().addButton(
      textButton('Send a test to me', 'onCampaignTest', { ...keep, index: String(m.index) }),
    ),
  );
  send.addWidget(
    CardService.newDateTimePicker().setFieldName('when').setTitle('Schedule for (leave empty to send now)'),
  );
  if (!m.unknownFields.length)
    send.addWidget(
      CardService.newButtonSet().addButton(
        textButton(
          'Send / schedule',
          'onCampaignQueue',
          {
            ...keep,
            queueKey: m.queueKey,
            approved: m.approved,
            sheet: m.sheet,
            // What this preview found, for a click that leaves listing the recipients to the background run.
            recipients: String(m.recipients),
            blanks: String(m.blankRecipients.length),
            oversize: String(m.oversize.length),
          },
          true,
        ),
      ),
    );
  return CardService.newCardBuilder()
    .setName('campaign-preview')
    .setHeader(CardService.newCardHeader().setTitle(m.name || 'New campaign'))
    .addSection(who)
    .addSection(check)
    .addSection(sample)
    .addSection(send)
    .build();
}

/** What the viewer may do with a campaign (the use case decides; the card only draws it). */
export interface Rights {
  control: boolean;
  takeOver: boolean;
  who: string;
}

const OWNER_RIGHTS: Rights = { control: true, takeOver: false, who: '' };

const CONTROL_LABELS: Record<Control, string> = { pause: 'Pause', resume: 'Resume', cancel: 'Cancel…' };

/**
 * Cancelling cannot be undone, so it asks first, saying what it will and will not do. "Keep it" goes
 * back to the campaign's card as it was.
 */
export function cancelConfirmCard(c: CampaignState): Card {
  const left = c.counts.queued;
  return confirmCard({
    name: 'campaign-cancel',
    title: `Cancel "${c.name}"?`,
    subtitle: c.id,
    text: `${left === 1 ? '1 recipient' : `${left} recipients`} not emailed yet will not be emailed. The ${c.counts.sent} already sent stay sent, and the campaign cannot be resumed.`,
    yes: 'Yes, cancel it',
    no: 'Keep it',
    fn: 'onCampaignControl',
    params: { id: c.id, do: 'cancel' },
  });
}

/** "Requeue failed…": asks first (requeueConfirmCard); `from` is the card to go back to. */
export function requeueButton(id: string, from: 'campaign' | 'results') {
  return textButton('Requeue failed…', 'onCampaignRequeue', { id, from });
}

/** A list of addresses for a card: the first `max`, and how many more. */
function someOf(emails: readonly string[], max = 10): string {
  return emails.slice(0, max).join(', ') + (emails.length > max ? ` and ${emails.length - max} more` : '');
}

/**
 * Requeue failed asks first: who goes back in the queue (and when they are sent), and who stays failed
 * and why. "Yes" carries a one-time key, so the same press retried requeues once; "Keep as is" goes
 * back to the card it came from as it was.
 */
export function requeueConfirmCard(
  c: CampaignState,
  plan: { requeue: ReadonlyArray<{ email: string }>; kept: ReadonlyArray<{ email: string; why: string }> },
  key: string,
  from: string,
): Card {
  const s = CardService.newCardSection();
  const n = plan.requeue.length;
  s.addWidget(
    CardService.newTextParagraph().setText(
      escapeHtml(
        n
          ? `${n === 1 ? '1 failed recipient goes' : `${n} failed recipients go`} back in the queue and ${n === 1 ? 'is' : 'are'} sent again ${requeuedWhen(c.status)}, from ${c.owner}: ${someOf(plan.requeue.map((r) => r.email))}. Each is still emailed at most once.`
          : 'None of the failed recipients can be sent again now.',
      ),
    ),
  );
  if (plan.kept.length)
    s.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(`Left as failed (${plan.kept.length})`)
        .setText(
          escapeHtml(
            plan.kept
              .slice(0, 10)
              .map((k) => `${k.email}: ${k.why}`)
              .join('; ') + (plan.kept.length > 10 ? ` and ${plan.kept.length - 10} more` : ''),
          ),
        )
        .setWrapText(true),
    );
  const buttons = CardService.newButtonSet();
  if (n)
    buttons.addButton(
      textButton(`Yes, requeue ${n}`, 'onCampaignRequeue', { id: c.id, from, key, confirmed: 'yes' }, true),
    );
  buttons.addButton(textButton(n ? 'Keep as is' : 'Back', 'onBack', {}));
  s.addWidget(buttons);
  return CardService.newCardBuilder()
    .setName('campaign-requeue')
    .setHeader(CardService.newCardHeader().setTitle(`Send the failed of "${c.name}" again?`).setSubtitle(c.id))
    .addSection(s)
    .build();
}

/**
 * What a campaign card says of replies and bounces: counted in the opt-in build (looked for every hour
 * for some days after each email), "not tracked" in the default one, never a 0 that means nothing.
 */
export function repliesText(c: { replies?: number; bounces?: number }): string {
  if (!TRACKING_REPLIES) return 'replies and bounces not tracked';
  const n = (x: number) => readableNumber(x, reader().locale);
  return `${n(c.replies ?? 0)} replied · ${n(c.bounces ?? 0)} bounced`;
}

export function campaignCard(
  c: CampaignState,
  now: number,
  inDoubt: Array<{ email: string }>,
  unaccounted: ReadonlyArray<{ email: string; emailed: boolean }> = [],
  rights: Rights = OWNER_RIGHTS,
): Card {
  const s = CardService.newCardSection().setHeader(escapeHtml(c.status));
  s.addWidget(CardService.newTextParagraph().setText(escapeHtml(progressText(c, now, reader()))));
  if (c.status === 'Paused' && c.pausedBecause)
    s.addWidget(CardService.newTextParagraph().setText(`<b>${escapeHtml(c.pausedBecause)}</b>`));
  const counts = c.counts;
  s.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('Queued · sent · failed · skipped')
      .setText(`${counts.queued} · ${counts.sent} · ${counts.failed} · ${counts.skipped}`)
      .setBottomLabel(`In doubt ${counts.inDoubt} · ${repliesText(counts)}`)
      .setWrapText(true),
  );
  s.addWidget(
    CardService.newDecoratedText()
      .setTopLabel('Sends from')
      .setText(escapeHtml(c.owner))
      .setBottomLabel(
        rights.control ? 'Emails go out from this account, within its daily quota.' : escapeHtml(readOnlyText(rights)),
      )
      .setWrapText(true),
  );
  const buttons = CardService.newButtonSet();
  if (rights.control)
    for (const what of allowedControls(c.status))
      buttons.addButton(
        textButton(CONTROL_LABELS[what], 'onCampaignControl', { id: c.id, do: what }, what === 'resume'),
      );
  if (rights.control && mayRequeueFailed(c)) buttons.addButton(requeueButton(c.id, 'campaign'));
  if (rights.takeOver) buttons.addButton(textButton('Take over', 'onCampaignTakeOverReview', { id: c.id }));
  if (rights.control && c.status === 'Scheduled') {
    // No offset set: Gmail shows and reads the picker in the user's own time zone.
    s.addWidget(
      CardService.newDateTimePicker().setFieldName('when').setTitle('Move to').setValueInMsSinceEpoch(c.scheduledFor),
    );
    buttons.addButton(textButton('Reschedule', 'onCampaignReschedule', { id: c.id }));
  }
  buttons.addButton(textButton('Results', 'onCampaignResults', { id: c.id }));
  // In place: a refreshed card replaces this one rather than stacking a second copy on it.
  buttons.addButton(textButton('Refresh', 'onCampaignOpen', { id: c.id, refresh: 'yes' }));
  s.addWidget(buttons);
  const card = CardService.newCardBuilder()
    .setName('campaign')
    .setHeader(CardService.newCardHeader().setTitle(c.name).setSubtitle(c.id))
    .addSection(s);
  if (inDoubt.length && rights.control) {
    const r = CardService.newCardSection().setHeader(`To review (${inDoubt.length})`);
    r.addWidget(
      CardService.newTextParagraph().setText(
        'The sender stopped while these were being sent, so Holdfast cannot tell whether they went out. Check your Sent mail, then say what happened: nothing is resent by itself.',
      ),
    );
    r.addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml(
          inDoubt
            .slice(0, 10)
            .map((x) => x.email)
            .join(', '),
        ),
      ),
    );
    r.addWidget(
      CardService.newButtonSet()
        .addButton(textButton('They were sent', 'onCampaignReview', { id: c.id, as: 'sent' }))
        .addButton(textButton('Send them again', 'onCampaignReview', { id: c.id, as: 'queued' })),
    );
    card.addSection(r);
  }
  if (rights.control && (unaccounted.length || c.unaccounted)) card.addSection(unaccountedSection(c, unaccounted));
  return card.build();
}

function readOnlyText(rights: Rights): string {
  return `You can follow this campaign; only ${rights.who} can pause, resume or cancel it.`;
}

/**
 * Taking a campaign over: what it means, and the template as it is now, which the manager approves
 * (the approval travels with the button, so an edit in between is caught).
 */
export function takeOverCard(
  c: CampaignState,
  template: { name: string; subject: string; body: string },
  approved: string,
): Card {
  const s = CardService.newCardSection()
    .addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml(
          `${c.owner} created this campaign, and it sends from their account. Take it over when they have left the team or can no longer send it: from then on the rest (${c.counts.queued} queued) sends from your account and trigger, within your daily quota. The team's Activity records the change.`,
        ),
      ),
    )
    .addWidget(
      CardService.newDecoratedText().setTopLabel('Template').setText(escapeHtml(template.name)).setWrapText(true),
    )
    .addWidget(
      CardService.newDecoratedText().setTopLabel('Subject').setText(escapeHtml(template.subject)).setWrapText(true),
    )
    .addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml(template.body.length > 1500 ? `${template.body.slice(0, 1500)}…` : template.body),
      ),
    )
    .addWidget(
      CardService.newButtonSet().addButton(
        textButton('Approve and take over', 'onCampaignTakeOver', { id: c.id, approved }, true),
      ),
    );
  return CardService.newCardBuilder()
    .setName('campaign-take-over')
    .setHeader(CardService.newCardHeader().setTitle(`Take over ${c.name}`).setSubtitle(c.id))
    .addSection(s)
    .build();
}

/** People whose Send log rows were deleted by hand: who they are, and the two ways to account for them. */
function unaccountedSection(c: CampaignState, people: ReadonlyArray<{ email: string; emailed: boolean }>) {
  const open = people.filter((p) => !p.emailed);
  const r = CardService.newCardSection().setHeader(
    `Rows deleted from the Send log (${Math.max(people.length, c.unaccounted ?? 0)})`,
  );
  const unnamed = Math.max(0, (c.unaccounted ?? 0) - people.length);
  const shown = (list: ReadonlyArray<{ email: string }>) =>
    escapeHtml(
      someOf(
        list.map((x) => x.email || '(no address)'),
        20,
      ),
    );
  r.addWidget(
    CardService.newTextParagraph().setText(
      `Someone deleted the Send log rows of these people, so Holdfast no longer knows where they stand. ${
        open.length ? `Not emailed yet (${open.length}): ${shown(open)}.` : ''
      }${people.length > open.length ? ` Already emailed, as Activity shows (${people.length - open.length}): ${shown(people.filter((p) => p.emailed))}; they are never emailed twice.` : ''}${
        unnamed
          ? ` ${unnamed} cannot be named: the campaign was queued before Holdfast kept a list of its recipients.`
          : ''
      }`,
    ),
  );
  const buttons = CardService.newButtonSet();
  if (open.length && c.status !== 'Cancelled')
    buttons.addButton(textButton('Send to them again', 'onCampaignRecover', { id: c.id, as: 'queued' }, true));
  buttons.addButton(
    textButton(open.length ? 'Drop them' : 'Mark them sent', 'onCampaignRecover', { id: c.id, as: 'dropped' }),
  );
  r.addWidget(buttons);
  return r;
}
