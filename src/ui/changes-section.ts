import { shortDayText } from '../core/format';
import { escapeHtml } from '../core/html';
import type { Listed, TeamChanges, WeekChanges } from '../core/week-changes';
import { action } from './actions';
import { bold } from './html';
import { reader } from './reader';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** An item of a list: the account named, why in a few words, and a tap opens it (as the at-risk list does). */
function item(label: string, id: string, name: string, reason: string): GoogleAppsScript.Card_Service.DecoratedText {
  return CardService.newDecoratedText()
    .setTopLabel(label)
    .setText(bold(name))
    .setBottomLabel(escapeHtml(reason))
    .setWrapText(true)
    .setOnClickAction(action('onAccountOpen', { accountId: id }));
}

function more<T>(list: Listed<T>, what: string): GoogleAppsScript.Card_Service.TextParagraph | null {
  const left = list.count - list.items.length;
  return left > 0 ? CardService.newTextParagraph().setText(escapeHtml(`…and ${left} more ${what}.`)) : null;
}

/** A wall-clock day kept as yyyy-mm-dd, as the reader writes it without the year ("Dec 4"). */
const shortDay = (iso: string) => shortDayText(new Date(`${iso}T00:00:00Z`), reader().locale);

/**
 * "What changed this week" in the user's accounts (health that fell `dropPoints` or more, churn
 * flags first seen, retention offers ending), each account opening on tap, and the team's in a line.
 */
export function changesSection(
  c: WeekChanges,
  team: TeamChanges,
  dropPoints: number,
  ownsAccounts: boolean,
): GoogleAppsScript.Card_Service.CardSection {
  const s = CardService.newCardSection().setHeader('What changed this week');
  const add = (w: GoogleAppsScript.Card_Service.Widget | null) => {
    if (w) s.addWidget(w);
  };
  const fellLabel = `Health fell ${dropPoints}+ points in 7 days`;
  for (const f of c.fell.items) add(item(fellLabel, f.id, f.name, `${f.from} → ${f.to}`));
  add(more(c.fell, 'whose health fell'));
  for (const f of c.flagged.items) add(item('New churn flag', f.id, f.name, f.labels.join(', ')));
  add(more(c.flagged, 'newly flagged'));
  for (const e of c.ending.items)
    add(item('Retention offer ending', e.id, e.name, `${e.type ?? 'Offer'} ends ${shortDay(e.ends)}`));
  add(more(c.ending, 'offers ending (see the Offers tab)'));
  for (const u of c.unreadEnds.items)
    add(
      CardService.newTextParagraph().setText(
        escapeHtml(
          `Offer ${u.offerId || '(no Offer ID)'} of ${u.name}: Ends "${u.value}" is not a date, so whether it ends this week is unknown. Type it as yyyy-mm-dd in the Offers tab.`,
        ),
      ),
    );
  add(more(c.unreadEnds, 'offers whose Ends is not a date'));
  if (c.offersNotRead)
    add(
      CardService.newTextParagraph().setText(
        escapeHtml(`Offers not read: ${c.offersNotRead} Which offers end this week is unknown until it is fixed.`),
      ),
    );
  if (ownsAccounts && !c.fell.count && !c.flagged.count && !c.ending.count)
    add(CardService.newTextParagraph().setText(escapeHtml(nothingChanged(c, dropPoints))));
  add(
    CardService.newDecoratedText()
      .setTopLabel('The team this week')
      .setText(
        escapeHtml(
          [
            `${plural(team.fell, 'account', 'accounts')} fell ${dropPoints}+ points`,
            `${team.flagged} newly flagged`,
            `${plural(team.ending, 'offer', 'offers')} ending`,
          ].join(' · '),
        ),
      )
      .setWrapText(true),
  );
  return s;
}

/** The line of an owner with nothing to list: only what is known to be quiet is said so. */
function nothingChanged(c: WeekChanges, dropPoints: number): string {
  const offers = !c.offersNotRead;
  if (!c.tracked)
    return `${offers ? 'No offer ends this week. ' : ''}Falls of health and new churn flags show once the daily scan has scored your accounts.`;
  return offers
    ? `No health fell ${dropPoints} points or more, no churn flag is new and no offer ends this week.`
    : `No health fell ${dropPoints} points or more and no churn flag is new.`;
}
