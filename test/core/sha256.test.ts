import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { base64Url } from '../../src/core/base64';
import { hmacSha256, sha256 } from '../../src/core/sha256';

const hex = (bytes: number[]) => Buffer.from(bytes).toString('hex');

describe('SHA-256 and HMAC-SHA256 in plain JavaScript', () => {
  it('digest as node does, across block boundaries', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 200]) {
      const bytes = Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      expect(hex(sha256(bytes))).toBe(createHash('sha256').update(Buffer.from(bytes)).digest('hex'));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (a) => {
        expect(hex(sha256([...a]))).toBe(createHash('sha256').update(a).digest('hex'));
      }),
    );
  });

  it('sign as node does, for any text and key (long keys hashed first)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 150 }), (text, key) => {
        expect(base64Url(hmacSha256(text, key))).toBe(
          createHmac('sha256', key).update(text, 'utf8').digest('base64url'),
        );
      }),
    );
  });

  it('meets RFC 4231 test case 2', () => {
    expect(hex(hmacSha256('what do ya want for nothing?', 'Jefe'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
