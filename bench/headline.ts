import type { Figure } from './report';

/**
 * The figures issue 17 sets targets for, each read beside what it is judged against: a floor
 * (the least any card could cost), a ceiling (the most a send loop could do), a baseline (what a
 * plain per-row loop does in the same run) or a fixed budget. One list feeds the summary that
 * `npm run bench` prints and the README table that `npm run docs` writes, so they cannot disagree.
 */
export interface Headline {
  /** What the row is called in the summary and the README. */
  label: string;
  bench: string;
  metric: string;
  params: Record<string, number | string>;
  /** How the value is judged. */
  against:
    | { kind: 'floor' | 'ceiling' | 'baseline'; metric: string; params?: Record<string, number | string> }
    | { kind: 'budget'; value: number };
  /** The bound on value ÷ reference: at most (floor, budget) or at least (ceiling, baseline). */
  target: { at: 'most' | 'least'; ratio: number };
}

const card = (label: string, metric: string, floor: string, ratio: number): Headline => ({
  label,
  bench: 'sidebar',
  metric,
  params: { contacts: 50_000 },
  against: { kind: 'floor', metric: floor },
  target: { at: 'most', ratio },
});

const click = (label: string, action: string, budgetMs: number, contacts = 50_000): Headline => ({
  label,
  bench: 'actions',
  metric: `simulatedMs.${action}`,
  params: { contacts },
  against: { kind: 'budget', value: budgetMs },
  target: { at: 'most', ratio: 1 },
});

const throughput = (layout: string, kind: 'ceiling' | 'baseline', ratio: number): Headline => ({
  label: `Campaign recipients per 6-minute run, ${layout}, vs the ${kind === 'ceiling' ? 'send-bound ceiling' : 'per-row loop'}`,
  bench: 'campaign',
  metric: 'recipients.perExecution',
  params: { recipients: 1500, layout },
  against: { kind, metric: `${kind}.recipients.perExecution` },
  target: { at: 'least', ratio },
});

const campaign = (layout: string): Headline[] => [
  throughput(layout, 'ceiling', 0.97),
  throughput(layout, 'baseline', 1),
  {
    label: `Campaign service calls per recipient, ${layout}`,
    bench: 'campaign',
    metric: 'calls.perRecipient',
    params: { recipients: 1500, layout },
    against: { kind: 'budget', value: 1.2 },
    target: { at: 'most', ratio: 1 },
  },
];

export const HEADLINES: Headline[] = [
  card('Contextual card, cold (after the scan)', 'simulatedMs.cold', 'floor.simulatedMs.cold', 1.25),
  card('Contextual card, account never scored', 'simulatedMs.unscored', 'floor.simulatedMs.cold', 1.5),
  card('Contextual card, warm (reopened)', 'simulatedMs.warm', 'floor.simulatedMs.warm', 1.1),
  click('Save from the card (slowest form)', 'save', 2_000),
  click('Open a form (slowest)', 'form', 1_000),
  click('Homepage', 'homepage', 1_500),
  click('Live segment count, 100,000 contacts', 'segmentCount', 5_000, 100_000),
  click('Send now', 'sendNow', 12_000),
  ...campaign('contiguous'),
  ...campaign('scattered'),
];

/** The benches that hold a headline figure: the ones the sensitivity passes repeat. */
export const HEADLINE_BENCHES = [...new Set(HEADLINES.map((h) => h.bench))];

/** The same params, the pass's guessScale aside: a per-form figure is not the worst-of-all one. */
const sameParams = (a: Figure['params'], b: Record<string, number | string>) => {
  const own = Object.keys(a ?? {}).filter((k) => k !== 'guessScale');
  return own.length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a?.[k] === v);
};

/** The figure of a bench run that matches, in the pass with this guess scale (1: the main pass). */
export function find(
  figures: readonly Figure[],
  bench: string,
  metric: string,
  params: Record<string, number | string>,
  guessScale = 1,
): Figure | undefined {
  return figures.find(
    (f) =>
      f.bench === bench &&
      f.metric === metric &&
      sameParams(f.params, params) &&
      Number(f.params?.guessScale ?? 1) === guessScale,
  );
}

export interface Judged {
  value: number | null;
  reference: number | null;
  ratio: number | null;
  met: boolean | null;
}

/** A headline's value, what it is judged against, their ratio and whether the target is met. */
export function judge(h: Headline, figures: readonly Figure[], guessScale = 1): Judged {
  const value = find(figures, h.bench, h.metric, h.params, guessScale)?.value ?? null;
  const reference =
    h.against.kind === 'budget'
      ? h.against.value
      : (find(figures, h.bench, h.against.metric, { ...h.params, ...h.against.params }, guessScale)?.value ?? null);
  if (value === null || reference === null || reference === 0) return { value, reference, ratio: null, met: null };
  const ratio = value / reference;
  const met = h.target.at === 'most' ? ratio <= h.target.ratio + 1e-9 : ratio >= h.target.ratio - 1e-9;
  return { value, reference, ratio, met };
}

/** Figures from JSON lines (anything else on a line is skipped: npm's banner, logs). */
export function parseFigures(text: string): Figure[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Figure);
}

const num = (v: number | null, digits = 0) =>
  v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratioText = (j: Judged) => (j.ratio === null ? '—' : `${num(j.ratio, 2)}×`);

function targetText(h: Headline): string {
  const ref =
    h.against.kind === 'budget'
      ? h.against.value >= 100
        ? `${num(h.against.value / 1000, 1)} s`
        : num(h.against.value, 1)
      : `the ${h.against.kind}`;
  if (h.against.kind === 'budget') return h.target.at === 'most' ? `≤ ${ref}` : `≥ ${ref}`;
  return `${h.target.at === 'most' ? '≤' : '≥'} ${num(h.target.ratio, 2)}× ${ref}`;
}

/**
 * The headline table: each figure beside its value before this work, what it is judged against,
 * the ratio, the target, and the same ratio with every guessed latency halved and doubled.
 */
export function headlineTable(now: readonly Figure[], before: readonly Figure[]): string {
  const lines = [
    '| figure | before | now | judged against | ratio | target | met | guesses ×0.5 | guesses ×2 |',
    '|---|---:|---:|---:|---:|---|---|---:|---:|',
  ];
  for (const h of HEADLINES) {
    const j = judge(h, now);
    const b = find(before, h.bench, h.metric, h.params)?.value ?? null;
    const digits = h.metric.startsWith('calls.') ? 2 : 0;
    const half = judge(h, now, 0.5);
    const twice = judge(h, now, 2);
    const mark = (x: Judged) => (x.met === null ? '' : x.met ? ' ✓' : ' ✗');
    lines.push(
      `| ${h.label} | ${num(b, digits)} | ${num(j.value, digits)} | ${h.against.kind === 'budget' ? 'budget' : `${h.against.kind} ${num(j.reference, digits)}`} | ${ratioText(j)} | ${targetText(h)} | ${j.met === null ? '—' : j.met ? 'yes' : '**no**'} | ${ratioText(half)}${mark(half)} | ${ratioText(twice)}${mark(twice)} |`,
    );
  }
  return lines.join('\n');
}
