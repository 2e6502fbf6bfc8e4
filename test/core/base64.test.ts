import fc from 'fast-check';
import { base64Url, textOfBase64Url, utf8 } from '../../src/core/base64';

describe('web-safe base64', () => {
  it('encodes text as node does (UTF-8, web-safe, no padding), and back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const mine = base64Url(utf8(s));
        expect(mine).toBe(Buffer.from(s, 'utf8').toString('base64url'));
        expect(textOfBase64Url(mine)).toBe(s);
      }),
    );
  });

  it('encodes bytes, signed or not, as node does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }), (bytes) => {
        const signed = bytes.map((b) => (b > 127 ? b - 256 : b));
        expect(base64Url(signed)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
    );
  });

  it('refuses what is not web-safe base64 of UTF-8', () => {
    expect(textOfBase64Url('a+b/')).toBeNull();
    expect(textOfBase64Url('abcde')).toBeNull();
    expect(textOfBase64Url(Buffer.from([0xff, 0xfe]).toString('base64url'))).toBeNull();
  });
});
