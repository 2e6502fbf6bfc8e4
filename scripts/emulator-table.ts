/**
 * The README's table of emulated methods and their simulated cost, generated from the one cost table
 * (every method the emulator implements is charged, so has a row). `npm run docs` prints it; a test
 * checks the README carries the current version.
 */
import { COSTS, isGuess } from '../emulator/cost-model';

export function emulatorTable(): string {
  const byClass = new Map<string, Array<[string, (typeof COSTS)[string]]>>();
  for (const [method, cost] of Object.entries(COSTS)) {
    const cls = method.split('.')[0];
    if (!byClass.has(cls)) byClass.set(cls, []);
    byClass.get(cls)!.push([method.slice(cls.length + 1), cost]);
  }
  const lines = [
    '| class | methods (simulated ms per call; + per cell where marked; after a read: look-ahead cache; * a guess) |',
    '|---|---|',
  ];
  for (const [cls, methods] of byClass) {
    const cells = methods
      .map(
        ([m, c]) =>
          `${m} ${c.ms}${c.perCellMs ? `+${c.perCellMs}/cell` : ''}${c.batchedMs !== undefined ? ` (${c.batchedMs} after a read)` : ''}${isGuess(c) && (c.ms || c.perCellMs) ? '*' : ''}`,
      )
      .join(', ');
    lines.push(`| ${cls} | ${cells} |`);
  }
  return lines.join('\n');
}

export function sourcesTable(): string {
  const sources = new Map<string, string[]>();
  for (const [method, cost] of Object.entries(COSTS)) {
    if (cost.ms === 0 && !cost.perCellMs) continue;
    if (!sources.has(cost.source)) sources.set(cost.source, []);
    sources.get(cost.source)!.push(method);
  }
  const lines = ['| basis of the figure | methods |', '|---|---|'];
  for (const [source, methods] of sources) lines.push(`| ${source} | ${methods.join(', ')} |`);
  return lines.join('\n');
}

if (require.main === module) {
  process.stdout.write(`${emulatorTable()}\n\n${sourcesTable()}\n`);
}
