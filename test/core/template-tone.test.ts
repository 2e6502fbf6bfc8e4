import { ACCOUNT_COLUMNS, CONTACT_COLUMNS } from '../../src/core/records';
import { checkTemplate, knownFieldsOf, type TemplateSource, winBackToneWarnings } from '../../src/core/template';

const warned = (subject: string, body = '', format?: string): boolean =>
  winBackToneWarnings({ subject, body, ...(format ? { format } : {}) }).length > 0;

describe('the win-back tone check', () => {
  test.each([
    ['We miss you, {{First name|there}}', 'Hope all is well.'],
    ['Hello', 'We miss you!'],
    ['Hello', 'WE MISS YOU.'],
    ['Hello', 'We’ve missed you at {{Account}}.'],
    ['Hello', 'We‘ve missed you.'],
    ['Hello', 'We`ve missed you.'],
    ['Hello', "We've\nmissed you."],
    ['Hello', 'We have really missed you.'],
    ['Hello', 'We are missing you already.'],
    ['Missing you…', 'All the best.'],
    ['Hello', 'We miss {{Account}}.'],
    ['Hello', 'We miss having you around.'],
    ['Hello', 'You have been missed.'],
    ['Hello', "You're sorely missed."],
    ['Hello', 'It has been a while!'],
    ['It’s been a while', 'Hope all is well.'],
    ['Hello', 'Its been too long.'],
    ['Hello', 'It has been a long time, old friend.'],
    ['Long time no see', ''],
    ['Hello', 'Please come back.'],
    ['Come back to us', ''],
    ['Hello', 'We would love to have {{Account}} back.'],
    ['Hello', 'We’d love to have you back.'],
    ['Hello', 'We want you back!'],
    ['Hello', 'We would like to welcome you back.'],
    ['Hello', 'We have been thinking about you.'],
    ['Hello', 'Where have you been?'],
    ['Hello', "'We miss you' is all we can say."],
    // German
    ['Hallo', 'Wir vermissen Sie!'],
    ['Hallo', 'wir vermissen dich.'],
    ['Hallo', 'Wir alle vermissen euch sehr.'],
    ['Hallo', 'Wir haben Sie sehr vermisst.'],
    ['Hallo', 'Sie fehlen uns.'],
    ['Hallo', 'Du fehlst uns!'],
    ['Lange nicht gesehen!', ''],
    ['Hallo', 'Lange nichts von Ihnen gehört.'],
    ['Hallo', 'Lange nichts von Ihnen gehoert.'],
    ['Hallo', 'Es ist schon eine Weile her.'],
    ['Hallo', 'Ist ja schon lange her.'],
    ['Komm zurück!', ''],
    ['Hallo', 'Kommen Sie doch zurück.'],
    ['Hallo', 'Kommen Sie zu uns zurueck.'],
    ['Hallo', 'Komm zuruck!'],
    ['Hallo', 'Wir möchten Sie gern zurückgewinnen.'],
    ['Hallo', 'Wir hätten Sie gern wieder zurück.'],
    ['Hallo', 'Wir würden uns freuen, wenn Sie zurückkommen.'],
    ['Hallo', 'Wir würden Sie gern wieder bei uns begrüßen.'],
    ['Hallo', 'Wir würden Sie gern wieder begrüssen.'],
  ])('warns on %j / %j (no reason named, no next step)', (subject, body) => {
    expect(warned(subject, body)).toBe(true);
  });

  test.each([
    // Nothing nostalgic at all
    ['A payment holiday for {{Account}}', 'We can pause invoices for three months.'],
    ['Hello', 'Thanks for your order.'],
    // Phrases that only look alike
    ['Hello', 'I will come back to you tomorrow.'],
    ['Hello', 'Ich komme auf Sie zurück.'],
    ['Hello', 'Kommen Sie bitte auf mich zurück.'],
    ['Hello', 'You have been a long time customer.'],
    ['Hello', 'We want to get you back up and running.'],
    ['Hello', 'Do not miss your chance.'],
    ['Hello', 'Vermissen Sie eine Funktion?'],
    ['Hello', 'Rufen Sie mich zurück.'],
    ['Hello', 'Rufen Sie zurück.'],
    ['Hello', 'Sie können Ihre Daten jederzeit zurückholen.'],
  ])('says nothing about %j / %j', (subject, body) => {
    expect(warned(subject, body)).toBe(false);
  });

  test.each([
    // naming the problem
    ['We miss you', 'Since you left over the price, we have cut it by a third.'],
    ['We miss you', 'The integration you were missing is live.'],
    ['We miss you', 'Setting up is now done for you.'],
    ['We miss you', 'We know the crisis hit {{Account}} hard.'],
    ['We miss you', 'Compared with your new provider, we now include support.'],
    ['We miss you', 'You left because: {{Churn reason|of us}}.'],
    ['We miss you', 'You left because: {{ churn  REASON }}.'],
    ['Wir vermissen Sie', 'Die fehlende Schnittstelle ist jetzt da.'],
    ['Wir vermissen Sie', 'Unsere Preise sind gesunken.'],
    ['Wir vermissen Sie', 'Wir wissen, die Krise hat Sie hart getroffen.'],
    ['Wir vermissen Sie', 'Im Vergleich zu Ihrem neuen Anbieter …'],
    // offering a next step
    ['We miss you', 'Reply to this email and I will set it up.'],
    ['We miss you', 'Book a call: https://cal.example/alex'],
    ['It has been a while', 'Can we schedule 20 minutes next week?'],
    ['It has been a while', 'Happy to call you on Tuesday.'],
    ['Wir vermissen Sie', 'Antworten Sie einfach auf diese E-Mail.'],
    ['Lange nicht gesehen', 'Buchen Sie einen Termin mit mir.'],
    ['Komm zurück', 'Ruf mich an: 030 1234567.'],
    ['Wir vermissen Sie', 'Rufen Sie zurück: 030 1234567.'],
  ])('says nothing when the email speaks to the cause or offers a step: %j / %j', (subject, body) => {
    expect(warned(subject, body)).toBe(false);
  });

  test('the phrase itself neither names a problem nor offers a step ("missing" you is no missing feature)', () => {
    expect(warned('Hello', 'We are missing you.')).toBe(true);
    expect(warned('Hello', 'We are missing you. The missing feature is here.')).toBe(false);
    expect(warned('Hallo', 'Ihr fehlt uns.')).toBe(true);
  });

  test('reads an HTML body as its text, a link included', () => {
    expect(warned('Hello', '<p>We <b>miss</b> you!</p>', 'HTML')).toBe(true);
    expect(warned('Hello', '<p>We miss you! <a href="https://cal.example/x">Pick a slot</a></p>', 'HTML')).toBe(false);
  });

  test('the warning says where, quotes the phrase, and asks for the reason and a step', () => {
    expect(winBackToneWarnings({ subject: 'It’s been a while, {{First name|there}}!', body: 'Hi.' })).toEqual([
      'Win-back tone: the subject says "It\'s been a while" but the email names neither why they left nor a next step. Speak to their reason (price, a missing feature, setup, a crisis, a competitor, or {{Churn reason}}) and offer one concrete step (reply, book a call, a link). Sending is not blocked.',
    ]);
    const [body] = winBackToneWarnings({ subject: 'Hello', body: 'Wir vermissen Sie. Komm zurück!' });
    expect(body).toMatch(/^Win-back tone: the body says "Wir vermissen Sie" /);
    expect(winBackToneWarnings({ subject: 'Hello', body: 'We’ve really missed you.' })[0]).toMatch(
      /^Win-back tone: the body says "We've really missed you" /,
    );
    // One warning per template, however many phrases.
    expect(winBackToneWarnings({ subject: 'We miss you', body: 'Come back! Long time no see.' })).toHaveLength(1);
  });
});

describe('the pre-send check carries the tone warning for win-back campaigns only, never refusing', () => {
  const known = knownFieldsOf(CONTACT_COLUMNS, ACCOUNT_COLUMNS);
  const nostalgic: TemplateSource = { subject: 'We miss you, {{First name|there}}', body: 'Come back!' };

  test('a win-back campaign gets the warning and stays ok', () => {
    const c = checkTemplate(nostalgic, [], known, undefined, { winBack: true });
    expect(c.warnings).toHaveLength(1);
    expect(c.ok).toBe(true);
  });

  test('any other campaign is not tone-checked', () => {
    expect(checkTemplate(nostalgic, [], known).warnings).toEqual([]);
    expect(checkTemplate(nostalgic, [], known, undefined, { winBack: false }).warnings).toEqual([]);
  });

  test('warnings sit beside the refusing problems without changing them', () => {
    const c = checkTemplate({ subject: 'We miss you', body: '{{Nope}}' }, [], known, undefined, { winBack: true });
    expect(c.ok).toBe(false);
    expect(c.unknownFields).toEqual(['Nope']);
    expect(c.warnings).toHaveLength(1);
  });
});
