import { createHmac } from 'node:crypto';
import {
  claimText,
  currentKey,
  footerOf,
  KEY_ROTATION_DAYS,
  keysToKeep,
  maskedEmail,
  readClaim,
  type SigningKey,
  signClaim,
  TOKEN_DAYS,
  verifyClaim,
  withFooter,
} from '../../src/core/unsubscribe';

/** An independent HMAC (node's), to check core's against. */
const sign = (text: string, secret: string) => createHmac('sha256', secret).update(text, 'utf8').digest('base64url');

const DAY = 20_500;
const key: SigningKey = { id: 'K1abc', secret: 's'.repeat(43), since: DAY - 10 };
const keyOf = (id: string) => (id === key.id ? key : null);
const claim = { keyId: 'K1abc', email: 'Ana@Sunny.example', campaignId: 'CMP-20261201-ABCDE', issuedDay: DAY };

describe('unsubscribe tokens', () => {
  it('sign in core exactly as node’s HMAC does', () => {
    const text = claimText(claim);
    expect(signClaim(text, key.secret)).toBe(sign(text, key.secret));
  });

  it('verify what was signed, naming the recipient and campaign (the address lower-cased)', () => {
    const text = claimText(claim);
    const v = verifyClaim(text, sign(text, key.secret), keyOf, sign, DAY + 3);
    expect(v).toEqual({ ok: true, claim: { ...claim, email: 'ana@sunny.example' } });
  });

  it('refuse a forged signature, another recipient under the same signature, and an unknown key', () => {
    const text = claimText(claim);
    const good = sign(text, key.secret);
    expect(verifyClaim(text, sign(text, 'guessed secret'), keyOf, sign, DAY).ok).toBe(false);
    const other = claimText({ ...claim, email: 'bo@sunny.example' });
    expect(verifyClaim(other, good, keyOf, sign, DAY)).toEqual({ ok: false, why: 'the link is not valid' });
    const stranger = claimText({ ...claim, keyId: 'K9zzz' });
    expect(verifyClaim(stranger, sign(stranger, key.secret), keyOf, sign, DAY).ok).toBe(false);
    // One character changed in the signature.
    const flipped = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    expect(verifyClaim(text, flipped, keyOf, sign, DAY).ok).toBe(false);
  });

  it('work for TOKEN_DAYS (at least 30) and then expire; a day from the future is refused', () => {
    expect(TOKEN_DAYS).toBeGreaterThanOrEqual(30);
    const text = claimText(claim);
    const sig = sign(text, key.secret);
    expect(verifyClaim(text, sig, keyOf, sign, DAY + TOKEN_DAYS).ok).toBe(true);
    expect(verifyClaim(text, sig, keyOf, sign, DAY + TOKEN_DAYS + 1)).toEqual({
      ok: false,
      why: 'the link has expired',
    });
    const future = claimText({ ...claim, issuedDay: DAY + 5 });
    expect(verifyClaim(future, sign(future, key.secret), keyOf, sign, DAY).ok).toBe(false);
  });

  it('read only well-formed claims', () => {
    expect(readClaim('u1\nK\nana@x.example\nCMP-1\n20500').ok).toBe(true);
    for (const bad of [
      '',
      'u2\nK\na@x\nC\n1',
      'u1\nK\nnot-an-address\nC\n1',
      'u1\nK\na@x.example\nC\n-1',
      'u1\nK K\na@x.example\nC\n1',
    ])
      expect(readClaim(bad).ok).toBe(false);
  });

  it('rotate keys, keeping old ones until their last token has expired', () => {
    const k1 = { id: 'k1', secret: 'a', since: 0 };
    const k2 = { id: 'k2', secret: 'b', since: KEY_ROTATION_DAYS };
    expect(currentKey([k1], KEY_ROTATION_DAYS - 1)).toBe(k1);
    expect(currentKey([k1], KEY_ROTATION_DAYS)).toBeNull();
    expect(currentKey([k1, k2], KEY_ROTATION_DAYS)).toBe(k2);
    // k1 signed until k2 was made; its tokens live TOKEN_DAYS past that.
    expect(keysToKeep([k1, k2], k2.since + TOKEN_DAYS).map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(keysToKeep([k1, k2], k2.since + TOKEN_DAYS + 1).map((k) => k.id)).toEqual(['k2']);
    // A token signed with k1 on its last day verifies after the rotation.
    const text = claimText({ ...claim, keyId: 'k1', issuedDay: k2.since - 1 });
    const keys = keysToKeep([k1, k2], k2.since + 30);
    const v = verifyClaim(text, sign(text, 'a'), (id) => keys.find((k) => k.id === id) ?? null, sign, k2.since + 30);
    expect(v.ok).toBe(true);
  });

  it('mask the address on the page', () => {
    expect(maskedEmail('ana@sunny.example')).toBe('a•••@sunny.example');
    expect(maskedEmail('nobody')).toBe('•••');
  });
});

describe('the footer of a bulk email', () => {
  const link = 'https://script.google.com/macros/s/AKfy/exec?t=abc.def';
  it('names the company and postal address, links to unsubscribe, and offers a reply instead', () => {
    const f = footerOf({
      company: 'Holdfast Ltd',
      address: '1 Quay St\nBristol',
      link,
      replyTo: 'am@holdfast.example',
    });
    expect(f.text).toContain('Holdfast Ltd · 1 Quay St, Bristol');
    expect(f.text).toContain(`To stop receiving these emails: ${link}`);
    expect(f.text).toContain('reply to am@holdfast.example with "unsubscribe"');
    expect(f.html).toContain(`<a href="${link}">Unsubscribe</a>`);
    expect(f.html).toContain('mailto:am@holdfast.example?subject=Unsubscribe');
  });

  it('escapes what it puts in HTML and leaves out a blank company and address', () => {
    const f = footerOf({ company: 'A <b>&</b> B', address: '', link, replyTo: 'x@y.example' });
    expect(f.html).toContain('A &lt;b&gt;&amp;&lt;/b&gt; B');
    const bare = footerOf({ company: '', address: '', link, replyTo: 'x@y.example' });
    expect(bare.text.split('\n')).toEqual([
      '',
      '',
      '--',
      `To stop receiving these emails: ${link}`,
      '(or reply to x@y.example with "unsubscribe")',
    ]);
  });
});

describe('withFooter', () => {
  const footer = { text: '\n--\nbye', html: '<p>bye</p>' };
  it('ends the text always and the HTML only when there is one; no footer changes nothing', () => {
    expect(withFooter({ body: 'Hi', htmlBody: '<p>Hi</p>' }, footer)).toEqual({
      body: 'Hi\n--\nbye',
      htmlBody: '<p>Hi</p><p>bye</p>',
    });
    expect(withFooter({ body: 'Hi' } as { body: string; htmlBody?: string }, footer).htmlBody).toBeUndefined();
    const mail = { body: 'Hi', to: 'x@y.example' };
    expect(withFooter(mail, null)).toBe(mail);
  });
});
