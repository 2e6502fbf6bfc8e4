import { htmlToText } from './html-text';
import { type TemplateSource, templateFormat } from './merge';
import { fieldKey } from './row-fields';
import { parseTemplate } from './syntax';

/**
 * The win-back tone check, part of the pre-send check of a win-back campaign (see core/winback
 * isWinBack for which campaigns are). A win-back email that leans on "we miss you" gives the reader
 * nothing to act on; one that names why they left, or offers one concrete step, does.
 *
 * The rule: the subject or body uses a "we miss you"-style phrase (English or German: "we miss
 * you", "we’ve missed you", "it has been a while", "come back", "we would love to have you back",
 * "wir vermissen Sie", "lange nicht gesehen", "komm zurück"…) AND the email, apart from those
 * phrases, names neither the customer's problem (a {{Churn reason}} merge field, or words about
 * price, a missing feature, setup, a crisis or a competitor) nor a next step (reply, call, book,
 * schedule, a link…). Then it gets one warning saying so: a warning, never a refusal.
 *
 * Matching ignores case, punctuation and line breaks, reads any apostrophe (’ ‘ ʼ `) as ', accepts
 * ü/ue/u and ß/ss, and reads an HTML body as its text. Merge fields count as a word each, so "we
 * would love to have {{Account}} back" is caught. It is a heuristic: it looks for the phrases, it
 * does not understand the email.
 */

/** A merge field in the normalised text: one word that no phrase below spells. */
const FIELD = 'xfieldx';
/** Someone addressed: you, or a merge field such as {{Account}} or {{First name}}. */
const YOU = `(?:you|${FIELD})`;
const UE = '(?:ü|ue|u)';

/** "We miss you"-style phrases, English then German, over normalised text (words joined by one space). */
const MISS_YOU = [
  // we miss you, we've missed you, we are missing you, missing you, we miss {{Account}}, we miss having you
  `(?:we(?:'ve| ve| have| are| all| really| truly| so| sure| do){0,3} )?(?:miss|missed|missing) (?:${YOU}|having you|working with you)`,
  // you've been missed, you are (sorely) missed
  `${YOU}(?:'ve| have) been (?:\\S+ )?missed`,
  `${YOU}(?: are|'re) (?:\\S+ )?missed`,
  // it has been a while, it's been too long (not "been a long time customer")
  `(?:it's |its |it s |it has |has |have )?been (?:quite |such |far |way )?(?:a while|a long while|a long time|too long|so long|ages|forever)(?! (?:customer|client|user|partner|fan)s?(?= ))`,
  'long time no (?:see|hear|talk|speak)',
  // come back (to us), but not "I will come back to you" (= get back to you)
  'come (?:on )?back(?! to (?:you|me)(?= ))',
  // we want you back, we would love to have {{Account}} back, to welcome you back (not "back up and running")
  `(?:want|love|like|wish|hope|welcome)(?: to)?(?: have| see| welcome| get)? ${YOU}(?: all)? back(?! (?:up|on track|online|in business)(?= ))`,
  'where have you been',
  `thinking (?:about|of) ${YOU}`,
  // wir vermissen Sie/dich/euch, wir alle vermissen dich, wir haben Sie sehr vermisst
  `wir (?:\\S+ ){0,2}vermissen (?:sie|dich|euch|${FIELD})`,
  `wir haben (?:sie|dich|euch|${FIELD}) (?:\\S+ ){0,2}vermisst`,
  // Sie fehlen uns, du fehlst uns
  `(?:sie|du|ihr|${FIELD}) (?:fehlen|fehlst|fehlt) uns`,
  // lange nicht gesehen, lange nichts von Ihnen gehört
  `lange nichts? (?:mehr )?(?:(?:von \\S+|voneinander) )?(?:gesehen|geh(?:ö|oe|o)rt)`,
  // es ist eine Weile her, schon lange her
  '(?:eine (?:ganze |kleine |lange )?weile|lange|so lange|zu lange|ewig|ewigkeiten) her',
  // komm zurück, kommen Sie doch zurück (not "ich komme auf Sie zurück" = I will get back to you)
  `komm(?:en sie|t)?(?: doch| bitte| gerne?| wieder| zu uns){0,3} zur${UE}ck`,
  // wir hätten Sie gern zurück, wir möchten Sie zurückgewinnen (not "rufen Sie zurück", "Ihre Daten zurückholen")
  `(?:sie|dich|euch|${FIELD}) (?:gerne? |wieder )+zur${UE}ck`,
  `(?:sie|dich|euch|${FIELD}) (?:\\S+ ){0,2}zur${UE}ckgewinnen`,
  `(?:wenn|dass) (?:sie|du|ihr) (?:\\S+ ){0,2}zur${UE}ck(?:kommen|kommst|kommt|kehren|kehrst|kehrt)`,
  `wieder (?:bei uns |an bord )?(?:zu )?begr${UE}(?:ß|ss)en`,
  `wir denken an (?:sie|dich|euch|${FIELD})`,
];

/** Words naming why a customer left: price, a missing feature, setup, a crisis, a competitor (EN, DE). */
const PROBLEM = [
  // price
  'pric\\S*',
  'costs?',
  'costly',
  'expensive',
  'cheaper',
  'cheapest',
  'afford\\S*',
  'discount\\S*',
  'budget\\S*',
  'instal+ments?',
  'split (?:the )?(?:payments?|fee|bill)',
  'payment (?:plans?|holidays?|breaks?|pauses?)',
  'fees?',
  'invoices?',
  'preis\\S*',
  'kosten\\S*',
  'teuer\\S*',
  `g${UE}nstig\\S*`,
  'rabatt\\S*',
  'nachlass',
  'ratenzahlung\\S*',
  'monatsraten',
  'in raten',
  'zahlungs(?:pause|aufschub|plan)\\S*',
  'stundung',
  'rechnung\\S*',
  // a missing feature
  'features?',
  'integrat\\S*',
  'missing',
  'roadmap',
  'shipped',
  'released',
  'launched',
  'functionality',
  'capabilit\\S*',
  'funktion\\S*',
  'schnittstelle\\S*',
  'fehlt',
  'fehlende\\S*',
  // setup
  'set(?:s|ting)? ?up',
  'setups?',
  'onboard\\S*',
  'configur\\S*',
  'install\\S*',
  'import\\S*',
  'migrat\\S*',
  'guided',
  'training',
  'walkthrough',
  'einricht\\S*',
  'konfigur\\S*',
  'inbetriebnahme',
  'schulung\\S*',
  // a crisis
  'cris[ie]s',
  'downturn',
  'recession',
  'pandemic',
  'lockdowns?',
  'hard times',
  'difficult',
  'tough',
  'cash ?flow',
  'revenue',
  'krise\\S*',
  'schwierig\\S*',
  'umsatz\\S*',
  // a competitor
  'competit\\S*',
  'alternatives?',
  'providers?',
  'vendors?',
  'switch\\S*',
  'compar\\S*',
  'wettbewerb\\S*',
  'konkurren\\S*',
  'anbieter\\S*',
  'gewechselt',
  'wechsel\\S*',
  'vergleich\\S*',
];

/** Words offering a next step: reply, call, book, schedule, a link (EN, DE). */
const NEXT_STEP = [
  'repl(?:y|ies|ying)',
  'respond',
  'answer',
  'call(?:s|ing)?',
  'phone',
  'book(?:ing|ed)?',
  'schedul\\S*',
  'calendar',
  'calendly',
  'meetings?',
  'demos?',
  'click\\S*',
  'links?',
  'sign up',
  'log ?in',
  'visit',
  'https?',
  'www',
  'mailto',
  'pick a time',
  'write (?:back|to me)',
  'get in touch',
  '(?:contact|email|text) me',
  'antwort\\S*',
  'beantwort\\S*',
  'anruf\\S*',
  'ruf(?:en sie)? mich',
  'rufen sie',
  'telefon\\S*',
  'buchen',
  'termin\\S*',
  'vereinbar\\S*',
  'kalender',
  `gespr(?:ä|ae|a)ch\\S*`,
  'klick\\S*',
  'melden sie sich',
  'melde dich',
  'schreiben sie mir',
  'schreib mir',
];

/** Whole words (and phrases) only: the text is normalised to words joined by single spaces and padded with one. */
const words = (alternatives: readonly string[], flags: string) =>
  new RegExp(`(?<= )(?:${alternatives.join('|')})(?= )`, flags);
const MISS_YOU_RE = words(MISS_YOU, 'giu');
const PROBLEM_RE = words(PROBLEM, 'iu');
const NEXT_STEP_RE = words(NEXT_STEP, 'iu');

const CHURN_REASON = fieldKey('Churn reason');

/** One part (subject or body) as words: punctuation and breaks gone, apostrophes alike, fields as FIELD. */
function normalise(source: string): { text: string; namesReason: boolean } {
  let namesReason = false;
  let joined = '';
  for (const p of parseTemplate(source).parts) {
    if (p.kind === 'text') joined += p.text;
    else {
      if (fieldKey(p.name) === CHURN_REASON) namesReason = true;
      joined += ` ${FIELD} `;
    }
  }
  const text = joined
    .normalize('NFC')
    .replace(/[’‘ʼ`´′]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    // An apostrophe at a word's edge is a quotation mark: 'we miss you' is we miss you.
    .replace(/(^| )'+|'+(?= |$)/g, '$1')
    .replace(/ +/g, ' ')
    .trim();
  return { text: ` ${text} `, namesReason };
}

/**
 * The tone warning of a win-back template, or none: see the rule above. The warning quotes the
 * phrase found (as normalised: punctuation dropped) and says where.
 */
export function winBackToneWarnings(template: TemplateSource): string[] {
  const body = templateFormat(template.format) === 'HTML' ? htmlToText(template.body) : template.body;
  const parts = [
    { where: 'subject', ...normalise(template.subject) },
    { where: 'body', ...normalise(body) },
  ];
  let found: { where: string; phrase: string } | null = null;
  let rest = '';
  for (const p of parts) {
    const phrase = p.text.match(MISS_YOU_RE);
    if (phrase && !found) found = { where: p.where, phrase: phrase[0] };
    // The phrases themselves neither name a problem nor offer a step ("we are missing you" is no feature).
    rest += p.text.replace(MISS_YOU_RE, ' ');
  }
  if (!found) return [];
  if (parts.some((p) => p.namesReason) || PROBLEM_RE.test(rest) || NEXT_STEP_RE.test(rest)) return [];
  return [
    `Win-back tone: the ${found.where} says "${found.phrase}" but the email names neither why they left nor a next step. Speak to their reason (price, a missing feature, setup, a crisis, a competitor, or {{Churn reason}}) and offer one concrete step (reply, book a call, a link). Sending is not blocked.`,
  ];
}
