/**
 * `npm run docs`: rewrite the generated parts of README.md (between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->`) from the code that is the source of truth. A test fails when the
 * README is out of date, so the docs cannot drift from the schema or the emulator.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHURN_FLAG_LABELS, SCORECARD_SETTING_KEYS } from '../src/core/health';
import { TABS } from '../src/core/schema';
import { OTHER_SETTING_KEYS } from '../src/core/settings-keys';
import { benchFigures, benchHeadlines } from './bench-table';
import { emulatorTable, sourcesTable } from './emulator-table';

export function tabsTable(): string {
  const lines = ['| tab | columns (required in **bold**) | what it holds |', '|---|---|---|'];
  for (const t of TABS) {
    const cols = t.columns.map((c) => (t.required.includes(c) ? `**${c}**` : c)).join(' · ');
    const vocab = Object.entries(t.vocabularies)
      .map(([c, words]) => `${c}: ${words.join(', ')}`)
      .join('; ');
    lines.push(`| ${t.name} | ${cols} | ${t.purpose}${vocab ? ` Dropdowns — ${vocab}.` : ''} |`);
  }
  return lines.join('\n');
}

export function scorecardTable(): string {
  const lines = ['| Settings key | default | what it does, and why this default |', '|---|---|---|'];
  for (const k of SCORECARD_SETTING_KEYS) lines.push(`| ${k.key} | ${k.default} | ${k.description} |`);
  return lines.join('\n');
}

export function otherSettingsTable(): string {
  const lines = ['| Settings key | what it does |', '|---|---|'];
  for (const k of OTHER_SETTING_KEYS) lines.push(`| ${k.key} | ${k.description} |`);
  return lines.join('\n');
}

export function flagList(): string {
  return Object.values(CHURN_FLAG_LABELS)
    .map((l) => `\`${l}\``)
    .join(' · ');
}

export const GENERATED: Record<string, () => string> = {
  tabs: tabsTable,
  scorecard: scorecardTable,
  'other-settings': otherSettingsTable,
  flags: flagList,
  'emulator-methods': emulatorTable,
  'cost-sources': sourcesTable,
  'bench-headlines': benchHeadlines,
  'bench-figures': benchFigures,
};

export function render(readme: string): string {
  let out = readme;
  for (const [name, make] of Object.entries(GENERATED)) {
    const re = new RegExp(`(<!-- generated:${name} -->)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- generated:${name} --> block`);
    out = out.replace(re, (_m, open: string, close: string) => `${open}\n${make()}\n${close}`);
  }
  return out;
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'README.md');
  fs.writeFileSync(file, render(fs.readFileSync(file, 'utf8')));
  process.stdout.write('README.md: generated tables updated\n');
}
