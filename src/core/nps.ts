/** NPS answers (0–10) fall into three categories, the one home for the cut-offs. */
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export function npsCategory(score: number): NpsCategory {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/**
 * The answer an NPS Activity entry records: its Details start with the score (the NPS form writes
 * "9 (promoter): comment", see account-change.ts). Null when they start with anything else, a
 * decimal or a number outside 0–10 (a hand-typed entry that cannot be read).
 */
export function npsAnswerIn(details: string): number | null {
  const m = /^\s*(\d+)(?![\d.,])/.exec(details);
  if (!m) return null;
  const n = Number(m[1]);
  return n <= 10 ? n : null;
}
