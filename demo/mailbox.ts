import type { MailboxMessage } from '../emulator/runtime/world';
import type { AccountPlan, DemoContext } from './accounts';
import type { ContactPlan } from './contacts';
import { PREVIEW_USER } from './headers';
import { FIRST_NAMES, LAST_NAMES, slug } from './names';
import { type Rng, streamFor } from './rng';
import { DAY_MS, workTime } from './time';

/**
 * The preview user's inbox: mostly customers writing about whatever their account is going
 * through, so opening a message shows the sidebar with a matching story, plus the senders the
 * product must not match (unknown people, free-mail, a new face at a known customer).
 */
export const MAILBOX_MIN = 30;
export const MAILBOX_MAX = 300;

interface Sender {
  name: string;
  email: string;
}

interface Draft {
  thread: number;
  from: Sender;
  cc?: Sender[];
  subject: string;
  body: string;
  at: number;
}

interface Topic {
  /** What it is about; one person doesn't raise the same thing twice under different subjects. */
  key: string;
  subject: string;
  body: string;
  /** Sent by a machine (an auto-reply), so no personal signature. */
  unsigned?: boolean;
}

export function generateMailbox(
  ctx: DemoContext,
  accounts: AccountPlan[],
  contacts: ContactPlan[][],
  usedEmails: Set<string>,
): MailboxMessage[] {
  const rng = streamFor(ctx.seed, 0, 100);
  const target = Math.min(MAILBOX_MAX, Math.max(MAILBOX_MIN, accounts.length));
  const drafts: Draft[] = [];
  let threads = 0;
  const usedTopics = new Map<string, Set<string>>();
  const when = (maxDaysAgo: number): number => workTime(ctx.now, rng.int(0, maxDaysAgo), rng.int(0, 569));

  const single = (c: ContactPlan, topic: Topic, cc?: ContactPlan[]): void => {
    const a = accounts[c.accountIndex];
    const body = topic.unsigned ? topic.body : signed(c, a, topic.body);
    drafts.push({
      thread: threads++,
      from: sender(c),
      cc: cc?.map(sender),
      subject: topic.subject,
      body,
      at: when(20),
    });
    remember(usedTopics, c.email, topic.key);
  };
  /** A customer chasing their own unanswered email: two messages in one thread. */
  const chased = (c: ContactPlan, topic: Topic): void => {
    const followUp = when(8);
    const first = followUp - rng.int(1, 4) * DAY_MS - rng.int(0, 300) * 60_000;
    const thread = threads++;
    const body = signed(c, accounts[c.accountIndex], topic.body);
    drafts.push({ thread, from: sender(c), subject: topic.subject, body, at: first });
    drafts.push({
      thread,
      from: sender(c),
      subject: `Re: ${topic.subject}`,
      at: followUp,
      body: `Hi,\n\nJust following up on my email below; we need to decide this week.\n\n${c.first}\n\n> ${body.split('\n').join('\n> ')}`,
    });
    remember(usedTopics, c.email, topic.key);
  };

  const of = (a: AccountPlan): ContactPlan[] => contacts[a.index] ?? [];
  const reachable = (a: AccountPlan): ContactPlan[] => of(a).filter((c) => !c.bounced);
  const find = (pred: (a: AccountPlan) => boolean): AccountPlan | undefined =>
    accounts.find((a) => pred(a) && reachable(a).length > 0);

  const pausing = find(
    (a) =>
      a.crisis === 'Struggling' &&
      a.industry.sector === 'travel' &&
      a.stage !== 'Churned' &&
      a.cancelRequested === null,
  );
  if (pausing) chased(reachable(pausing)[0], paymentPause(rng, pausing));
  const growing = find((a) => a.crisis === 'Thriving' && a.stage !== 'Churned' && a.stage !== 'Onboarding');
  if (growing) single(reachable(growing)[0], moreSeats(rng, growing));
  const leaving = find((a) => a.cancelRequested !== null && a.stage !== 'Churned');
  if (leaving) single(reachable(leaving)[0], cancellation(leaving));
  const late = find((a) => a.daysOverdue > 14 && a.stage !== 'Churned' && a !== pausing);
  if (late) {
    const people = reachable(late);
    chased(people.find((c) => c.role === 'Billing') ?? people[0], overdueInvoice(rng, late));
  }
  // A thread with colleagues on cc, so the sidebar sees several known people of one account at once.
  const team =
    accounts.find((a) => a.index === 5 && reachable(a).length >= 3) ??
    accounts.find((a) => a.stage !== 'Churned' && reachable(a).length >= 3);
  if (team) {
    const [lead, ...rest] = reachable(team);
    single(
      lead,
      {
        key: 'planning',
        subject: `Planning next quarter with ${team.name}`,
        body: `Hi,\n\nI've copied ${rest
          .slice(0, 2)
          .map((c) => c.first)
          .join(
            ' and ',
          )}, who will run the rollout with me. Could we get 30 minutes next week to go through seats, training and the renewal?`,
      },
      rest.slice(0, 2),
    );
  }

  drafts.push(...unknownSenders(ctx, rng, accounts, contacts, usedEmails, () => threads++, when));

  // Everyone else: a sample of customers, mostly the preview user's own, about two messages each.
  const mine: ContactPlan[] = [];
  const others: ContactPlan[] = [];
  for (const a of accounts) for (const c of of(a)) if (!c.bounced) (a.owner === PREVIEW_USER ? mine : others).push(c);
  rng.shuffle(mine);
  rng.shuffle(others);
  const queue: ContactPlan[] = [];
  for (let i = 0, j = 0; i < mine.length || j < others.length; ) {
    for (let k = 0; k < 3 && i < mine.length; k++) queue.push(mine[i++]);
    if (j < others.length) queue.push(others[j++]);
  }
  for (let round = 0; queue.length && drafts.length < target; round++) {
    // A tiny CRM runs out of fresh topics before the inbox reaches its minimum; by the fourth round
    // people may raise something again, which also guarantees every round adds messages.
    const repeatsAllowed = round >= 3;
    for (const c of queue) {
      if (drafts.length >= target) break;
      const a = accounts[c.accountIndex];
      const n = round === 0 ? rng.int(1, 2) : 1;
      for (let k = 0; k < n && drafts.length < target; k++) {
        const seen = usedTopics.get(c.email);
        const topic = topicFor(rng, a, c, seen);
        if (seen?.has(topic.key) && !repeatsAllowed) continue;
        single(c, topic);
      }
    }
  }

  return finish(drafts);
}

function finish(drafts: Draft[]): MailboxMessage[] {
  const order = drafts.map((d, i) => ({ d, i })).sort((x, y) => x.d.at - y.d.at || x.i - y.i);
  const threadIds = new Map<number, string>();
  const messages: MailboxMessage[] = order.map(({ d }, seq) => {
    // Gmail-like ids: hex, increasing with time; a thread is named after its first message.
    const id = d.at.toString(16) + seq.toString(16).padStart(4, '0');
    if (!threadIds.has(d.thread)) threadIds.set(d.thread, id);
    const m: MailboxMessage = {
      id,
      threadId: threadIds.get(d.thread) as string,
      from: formatAddress(d.from),
      to: PREVIEW_USER,
      subject: d.subject,
      body: d.body,
      date: new Date(d.at).toISOString(),
    };
    if (d.cc?.length) m.cc = d.cc.map(formatAddress).join(', ');
    return m;
  });
  return messages.reverse();
}

function unknownSenders(
  ctx: DemoContext,
  rng: Rng,
  accounts: AccountPlan[],
  contacts: ContactPlan[][],
  usedEmails: Set<string>,
  nextThread: () => number,
  when: (maxDaysAgo: number) => number,
): Draft[] {
  const person = (): [string, string] => [rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)];
  const fresh = (make: () => string): string => {
    for (;;) {
      const email = make();
      if (!usedEmails.has(email)) return email;
    }
  };
  const out: Draft[] = [];

  const [pf, pl] = person();
  out.push({
    thread: nextThread(),
    at: when(20),
    from: { name: `${pf} ${pl}`, email: fresh(() => `${slug(pf)}.${slug(pl)}.${rng.int(100, 999)}@gmail.com`) },
    subject: 'Pricing for a small team?',
    body: `Hello,\n\nI run a small bakery with four staff and a friend recommended you. What would it cost for us, and is there a free trial?\n\nThanks,\n${pf}`,
  });

  // Hyphens never appear in generated domains, so this company is certainly not in the CRM.
  const [cf, cl] = person();
  const outsider =
    ['northgate-consulting.com', 'brightline-advisory.com', 'harbourview-partners.com'].find(
      (d) => !ctx.usedDomains.has(d),
    ) ?? 'not-a-customer.example';
  out.push({
    thread: nextThread(),
    at: when(20),
    from: { name: `${cf} ${cl}`, email: fresh(() => `${slug(cf)}.${slug(cl)}@${outsider}`) },
    subject: 'Partnership enquiry',
    body: `Hi,\n\nWe advise hotels and tour operators on recovery plans and often recommend retention tools. Would you be open to a referral partnership?\n\nBest regards,\n${cf} ${cl}\nNorthgate Consulting`,
  });

  // Someone new at a known customer: the domain matches an account but the address is in no contact row.
  const host =
    accounts.find((a) => a.index === 1 && (contacts[a.index] ?? []).length > 0) ??
    accounts.find((a) => (contacts[a.index] ?? []).length > 0);
  if (host) {
    const [nf, nl] = person();
    const predecessor = (contacts[host.index] ?? [])[0];
    out.push({
      thread: nextThread(),
      at: when(20),
      from: {
        name: `${nf} ${nl}`,
        email: fresh(() => `${slug(nf)}.${slug(nl)}${rng.chance(0.5) ? '' : rng.int(2, 9)}@${host.domain}`),
      },
      subject: `Introduction: new operations lead at ${host.name}`,
      body: `Hi,\n\nI've just joined ${host.name} and I'm taking over the account from ${predecessor.first}. Could you add me as a contact and send over our plan details?\n\nThanks,\n${nf} ${nl}`,
    });
  }
  return out;
}

function remember(map: Map<string, Set<string>>, email: string, key: string): void {
  let set = map.get(email);
  if (!set) map.set(email, (set = new Set()));
  set.add(key);
}

function sender(c: ContactPlan): Sender {
  return { name: displayName(c), email: c.email };
}

/** Japanese names read family name first. */
function displayName(c: ContactPlan): string {
  return /[\u3040-\u30ff\u4e00-\u9fff]/.test(c.first + c.last) ? `${c.last} ${c.first}` : `${c.first} ${c.last}`;
}

function formatAddress(s: Sender): string {
  return `${s.name} <${s.email}>`;
}

function signed(c: ContactPlan, a: AccountPlan, text: string): string {
  return `${text}\n\nThanks,\n${c.first}\n${c.title}, ${a.name}`;
}

function hardship(rng: Rng, a: AccountPlan): string {
  const pct = rng.int(4, 9) * 10;
  switch (a.industry.name) {
    case 'Airline':
      return `our passenger numbers are down about ${pct}% and half the fleet is grounded`;
    case 'Hotel':
      return `occupancy is down about ${pct}% and two of our properties are closed for now`;
    case 'Tour operator':
      return `bookings are down about ${pct}% and most of this season's tours are cancelled`;
    case 'Event venue':
      return `nearly every event until spring has been cancelled or postponed`;
    case 'Retail':
      return `store traffic is down about ${pct}%`;
    default:
      return `revenue is down about ${pct}% since spring`;
  }
}

function paymentPause(rng: Rng, a: AccountPlan): Topic {
  const subject = rng.pick(['Request to pause payments', 'Can we put our subscription on hold?', 'Payment holiday?']);
  return {
    key: 'pause',
    subject,
    body: `Hi,\n\nAs you can imagine, the last few months have been very hard for us: ${hardship(rng, a)}. We want to keep using the product, but right now every cost is under review.\n\nWould it be possible to pause our payments for ${rng.int(2, 3)} months, or move to a smaller plan until things pick up?`,
  };
}

function moreSeats(rng: Rng, a: AccountPlan): Topic {
  const more = Math.max(2, Math.round(a.seatsPurchased * rng.float(0.15, 0.4)));
  return {
    key: 'seats',
    subject: rng.pick([`Adding ${more} more seats`, 'Quote for extra seats', 'Upgrading our plan?']),
    body: `Hi,\n\nGood news from our side: demand is up and we are hiring. We're using ${a.seatsActive} of our ${a.seatsPurchased} seats and will need about ${more} more by next month. Could you send a quote, and is there a better per-seat price if we move up a plan?`,
  };
}

function cancellation(a: AccountPlan): Topic {
  return {
    key: 'cancel',
    subject: 'Cancellation request',
    body: `Hi,\n\nWe have decided to cancel our ${a.plan} subscription at the end of the current term. The reason: ${a.churnReason.toLowerCase()}.\n\nPlease confirm what you need from us and when the final invoice will be.`,
  };
}

function overdueInvoice(rng: Rng, a: AccountPlan): Topic {
  const invoice = `INV-2026-${String(rng.int(1000, 9999))}`;
  return {
    key: 'overdue',
    subject: `Overdue invoice ${invoice}`,
    body: `Hi,\n\nApologies for the delay on ${invoice}; it is now ${a.daysOverdue} days late. Cash flow is tight and our payment run has slipped. Could we split it into ${rng.int(2, 4)} instalments?`,
  };
}

function topicFor(rng: Rng, a: AccountPlan, c: ContactPlan, seen: Set<string> | undefined): Topic {
  const options: Topic[] = [];
  if (a.stage === 'Churned') {
    options.push({
      key: 'data-export',
      subject: 'Exporting our data',
      body: 'Hi,\n\nOur subscription has ended. Can we still export our customer history, and for how long?',
    });
  } else if (a.cancelRequested !== null) {
    options.push(cancellation(a));
  } else if (a.usage.pattern === 'quiet' && rng.chance(0.5)) {
    return {
      key: 'ooo',
      subject: 'Automatic reply: out of office',
      body: `I am out of the office until further notice with limited access to email. ${c.role === 'Billing' ? 'For invoices' : 'For anything urgent'}, please write to our general inbox.`,
      unsigned: true,
    };
  } else if (a.stage === 'Onboarding') {
    options.push(
      {
        key: 'import',
        subject: 'Help importing our customer list',
        body: 'Hi,\n\nOur CSV import stops at row 200 with an error about dates. What format do you expect?',
      },
      {
        key: 'templates',
        subject: 'How do we set up email templates?',
        body: 'Hi,\n\nWe would like every rep to use the same welcome email. Where do shared templates live?',
      },
      {
        key: 'training',
        subject: 'Training session for the team?',
        body: `Hi,\n\nCould you run a 45-minute training for our ${a.seatsPurchased} users next week?`,
      },
    );
  } else if (a.crisis === 'Struggling') {
    options.push(paymentPause(rng, a));
    if (a.daysOverdue > 14) options.push(overdueInvoice(rng, a));
  } else if (a.crisis === 'Thriving') {
    options.push(moreSeats(rng, a));
  }
  if (c.role === 'Billing')
    options.push({
      key: 'invoice-copy',
      subject: 'Copy of our last invoice',
      body: 'Hi,\n\nCould you resend our last invoice with our new VAT number on it? Our accountant needs it for the quarter close.',
    });
  // Situational topics come first and are picked more often; everyday questions fill in.
  const situational = options.length;
  options.push(
    {
      key: 'csv',
      subject: 'Question about CSV export',
      body: 'Hi,\n\nIs there a way to export only the records changed this month? The full export is getting large.',
    },
    {
      key: 'login',
      subject: "New team member can't log in",
      body: 'Hi,\n\nWe added a colleague yesterday but she keeps getting "invitation expired". Can you resend it?',
    },
    {
      key: 'calendar',
      subject: 'Feature request: calendar sync',
      body: 'Hi,\n\nWould it be possible to sync appointments both ways with Google Calendar? It would save us a lot of double entry.',
    },
    {
      key: 'thanks',
      subject: 'Thanks for the call today',
      body: 'Hi,\n\nThanks for walking us through the reporting changes. The weekly summary is exactly what we needed.',
    },
  );
  const unseen = (t: Topic): boolean => !seen?.has(t.key);
  const preferred = options.slice(0, situational).filter(unseen);
  if (preferred.length && rng.chance(0.7)) return rng.pick(preferred);
  const rest = options.filter(unseen);
  return rng.pick(rest.length ? rest : options);
}
