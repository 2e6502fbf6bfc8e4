import { escapeHtml } from '../core/html';
import type { HealthBand } from '../core/records';
import { dayText } from './html';

/** What the sidebar shows of an account's health: the score, why, and its churn flags. */
export interface HealthView {
  score: number;
  band: HealthBand;
  /** Why the band is not the score's own colour (a hard signal, too little data). */
  bandReason: string | null;
  profile: 'mature' | 'onboarding';
  /** A young account's age and hand-over to the mature profile, in words. */
  profileDetail: string | null;
  /** What could not be read or was read differently (unreadable cells, merged weeks), in words. */
  notes: string[];
  /** True when the stored score was missing or over a day old and the sidebar computed it just now. */
  computedNow: boolean;
  updated: Date | null;
  trend: { arrow: string; words: string } | null;
  /** The weekly scores as a line of blocks (healthSparkline), with the weeks it covers. */
  sparkline: { line: string; from: string; to: string; gaps: number } | null;
  /** Its place in its segment on usage frequency, in words ("In the bottom 20 % of Hospitality …"). */
  place: string | null;
  confidence: number;
  missing: string[];
  components: Array<{ name: string; score: number | null; weight: number; detail: string }>;
  flags: Array<{ label: string; reason: string }>;
}

export const BAND_COLOURS: Record<HealthView['band'], string> = {
  Green: '#188038',
  Yellow: '#b06000',
  Red: '#d93025',
  'Not enough data': '#5f6368',
};

/** A compact "● 72" in the band's colour, for lists. */
export function healthBadge(score: number | null, band: HealthView['band'] | null): string {
  if (score === null || !band) return '<font color="#5f6368">○ no score</font>';
  return `<font color="${BAND_COLOURS[band]}">●</font> ${score}`;
}

export function healthSections(h: HealthView): GoogleAppsScript.Card_Service.CardSection[] {
  const score = CardService.newCardSection().setHeader('Health');
  const trend = h.trend ? ` ${h.trend.arrow}` : '';
  const stamp = h.computedNow ? 'computed now' : h.updated ? `scored ${dayText(h.updated)}` : '';
  score.addWidget(
    CardService.newDecoratedText()
      .setTopLabel(`${h.band}${h.profile === 'onboarding' ? ' · onboarding profile' : ''}`)
      .setText(`<font color="${BAND_COLOURS[h.band]}"><b>${h.score}</b></font> / 100${escapeHtml(trend)}`)
      .setBottomLabel(escapeHtml([h.trend?.words, stamp].filter(Boolean).join(' · ')))
      .setWrapText(true),
  );
  if (h.sparkline) {
    const s = h.sparkline;
    const gaps = s.gaps ? ` · · = no scan that week` : '';
    score.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(`Weekly health, ${s.line.length} weeks`)
        .setText(escapeHtml(s.line))
        .setBottomLabel(
          escapeHtml(`${dayText(new Date(`${s.from}T00:00:00Z`))} – ${dayText(new Date(`${s.to}T00:00:00Z`))}${gaps}`),
        ),
    );
  }
  for (const line of [h.place, h.bandReason, h.profileDetail])
    if (line) score.addWidget(CardService.newTextParagraph().setText(escapeHtml(line)));
  const why = CardService.newCardSection()
    .setHeader('What made the score')
    .setCollapsible(true)
    .setNumUncollapsibleWidgets(0);
  for (const c of h.components) {
    const value = c.score === null ? 'no data' : `${Math.round(c.score * 100)}%`;
    why.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(escapeHtml(`${c.name} · weight ${Math.round(c.weight * 100)}%`))
        .setText(escapeHtml(value))
        .setBottomLabel(escapeHtml(c.detail))
        .setWrapText(true),
    );
  }
  if (h.missing.length) {
    why.addWidget(
      CardService.newTextParagraph().setText(
        escapeHtml(
          `No data for ${h.missing.join(', ')}: the score uses the rest (confidence ${Math.round(h.confidence * 100)}%).`,
        ),
      ),
    );
  }
  const sections = [score, why];
  if (h.flags.length) {
    const flags = CardService.newCardSection().setHeader(`Churn flags (${h.flags.length})`);
    for (const f of h.flags)
      flags.addWidget(
        CardService.newDecoratedText().setTopLabel(escapeHtml(f.label)).setText(escapeHtml(f.reason)).setWrapText(true),
      );
    sections.push(flags);
  }
  if (h.notes.length) {
    const data = CardService.newCardSection()
      .setHeader(`Data notes (${h.notes.length})`)
      .setCollapsible(true)
      .setNumUncollapsibleWidgets(1);
    for (const n of h.notes) data.addWidget(CardService.newTextParagraph().setText(escapeHtml(n)));
    sections.push(data);
  }
  return sections;
}
