/**
 * What `npm run deploy -- --check` verifies without reaching Google, and what `npm run deploy` verifies
 * before it pushes: the manifest clasp will push (build/appsscript.json), the bundle it names
 * (build/Code.js), the README's list of allowed OAuth scopes, and `.clasp.json`.
 *
 * Every check returns problems as one-line strings; none throws for a bad input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
// What Apps Script can call: the same reading of the bundle the local runtime uses.
import { topLevelFunctions } from '../emulator/runtime/sandbox';
// The web app settings the local runtime accepts are the ones the manifest may hold.
import { webAppProblems } from '../emulator/runtime/webapp';
import { BUILD_HEADER, manifestText, SHEETS_API, TRACK_REPLIES } from './build';

/** The first line `npm run build` writes into build/Code.js (scripts/build.ts). */
export { BUILD_HEADER };

const AUTH = 'https://www.googleapis.com/auth/';

// ---------------------------------------------------------------------------------------------
// The manifest and the bundle

/** Manifest keys whose value is the name of a function Apps Script calls. */
const FUNCTION_KEYS = new Set(['runFunction', 'onTriggerFunction', 'onCreateFunction']);

/** Every function the manifest's `addOns` names, with where it names it (for the message). */
export function manifestFunctionRefs(manifest: unknown): { name: string; at: string }[] {
  const refs: { name: string; at: string }[] = [];
  const walk = (value: unknown, at: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        if (FUNCTION_KEYS.has(k) && typeof v === 'string') refs.push({ name: v, at: `${at}.${k}` });
        else walk(v, `${at}.${k}`);
      }
  };
  walk((manifest as { addOns?: unknown } | null)?.addOns, 'addOns');
  return refs;
}

/** The scopes in the first column of the tables of these README lines. */
function tableScopes(lines: readonly string[]): string[] {
  const scopes: string[] = [];
  for (const line of lines) {
    const m = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (m) scopes.push(/^https?:\/\//.test(m[1]) ? m[1] : AUTH + m[1]);
  }
  return scopes;
}

/** The README's "OAuth scopes" section as lines: its own part, and its "### Opt-in…" subsection. */
function scopeSection(readme: string): { required: string[]; optIn: string[] } {
  const start = readme.search(/^## OAuth scopes\s*$/m);
  if (start < 0) return { required: [], optIn: [] };
  const rest = readme.slice(start).split('\n').slice(1);
  const end = rest.findIndex((l) => /^## /.test(l));
  const section = end < 0 ? rest : rest.slice(0, end);
  const sub = section.findIndex((l) => /^### /.test(l));
  const own = sub < 0 ? section : section.slice(0, sub);
  const optStart = section.findIndex((l) => /^### Opt-in\b/i.test(l));
  const optLines = optStart < 0 ? [] : section.slice(optStart + 1);
  const optEnd = optLines.findIndex((l) => /^### /.test(l));
  return { required: own, optIn: optEnd < 0 ? optLines : optLines.slice(0, optEnd) };
}

/**
 * The scopes the README's "OAuth scopes" section allows in every build: the first column of its
 * table, a short name such as `spreadsheets` standing for `https://www.googleapis.com/auth/spreadsheets`.
 */
export function readmeScopes(readme: string): string[] {
  return tableScopes(scopeSection(readme).required);
}

/**
 * The scopes only an opt-in build asks for: the table under the section's "### Opt-in…" heading. A
 * manifest may hold them (when its bundle needs them) and need not.
 */
export function readmeOptInScopes(readme: string): string[] {
  return tableScopes(scopeSection(readme).optIn);
}

interface Manifest {
  timeZone?: unknown;
  runtimeVersion?: unknown;
  oauthScopes?: unknown;
  dependencies?: { enabledAdvancedServices?: unknown; libraries?: unknown };
  addOns?: {
    common?: { name?: unknown; logoUrl?: unknown; useLocaleFromApp?: unknown };
    gmail?: unknown;
  };
}

/**
 * When each scope Holdfast may ask for is needed, judged from the bundle and the manifest. A scope
 * declared with nothing needing it is a problem; so is something needing a scope not declared.
 * Apps Script asks users for exactly the manifest's `oauthScopes` once the list is set, so a missing
 * scope fails at run time, not at push (https://developers.google.com/apps-script/concepts/scopes).
 */
const SCOPE_NEEDS: { scope: string; needed: (code: string, m: Manifest) => boolean; what: string }[] = [
  {
    scope: `${AUTH}gmail.addons.execute`,
    needed: (_, m) => m.addOns?.gmail !== undefined,
    what: 'the manifest has addOns.gmail',
  },
  {
    scope: `${AUTH}gmail.addons.current.message.metadata`,
    needed: (code) => /\bGmailApp\.(getMessageById|getThreadById)\b/.test(code),
    what: 'the bundle reads the open message (GmailApp.getMessageById)',
  },
  {
    scope: `${AUTH}gmail.addons.current.action.compose`,
    needed: (code) => /\bCardService\.newUpdateDraft\w*\b/.test(code),
    what: 'the bundle updates the draft (CardService.newUpdateDraft…)',
  },
  {
    scope: `${AUTH}spreadsheets`,
    needed: (code) => /\bSpreadsheetApp\.\w+/.test(code),
    what: 'the bundle calls SpreadsheetApp',
  },
  {
    scope: `${AUTH}script.send_mail`,
    needed: (code) => /\bMailApp\.sendEmail\b/.test(code),
    what: 'the bundle calls MailApp.sendEmail',
  },
  {
    scope: `${AUTH}script.scriptapp`,
    needed: (code) => /\bScriptApp\.(newTrigger|getProjectTriggers|getUserTriggers|deleteTrigger)\b/.test(code),
    what: 'the bundle manages triggers (ScriptApp.newTrigger…)',
  },
  {
    // https://developers.google.com/workspace/add-ons/how-tos/access-user-locale
    scope: `${AUTH}script.locale`,
    needed: (code, m) => m.addOns?.common?.useLocaleFromApp === true || /\bSession\.getActiveUserLocale\b/.test(code),
    what: 'the manifest sets addOns.common.useLocaleFromApp (or the bundle calls Session.getActiveUserLocale)',
  },
  {
    scope: `${AUTH}userinfo.email`,
    needed: (code) => /\bSession\.get(Active|Effective)User\b/.test(code),
    what: 'the bundle calls Session.getActiveUser',
  },
  {
    // The opt-in build (npm run build -- --track-replies): the default bundle has no such call.
    scope: TRACK_REPLIES.scope,
    needed: (code) => ADVANCED_GMAIL.test(code),
    what: 'the bundle reads the mailbox with the Advanced Gmail service (Gmail.Users…)',
  },
];

/** A call of the Advanced Gmail service in the bundle. */
const ADVANCED_GMAIL = /\bGmail\.Users\b/;

/**
 * The advanced services Holdfast documents: the Sheets API in every build (the contextual card reads
 * several tabs' header rows in one call; it needs no scope beyond spreadsheets), the Gmail API in the
 * opt-in build. Each exactly when the bundle calls it.
 */
const ADVANCED = [
  {
    service: SHEETS_API.service,
    used: /\bSheets\.Spreadsheets\b/,
    what: 'the Advanced Sheets service (Sheets.Spreadsheets…)',
    unused: 'leave it out',
  },
  {
    service: TRACK_REPLIES.service,
    used: ADVANCED_GMAIL,
    what: 'the Advanced Gmail service (Gmail.Users…)',
    unused: 'build with --track-replies, or leave it out',
  },
] as const;

/**
 * The manifest's advanced services against the bundle: each documented one (ADVANCED) under its
 * symbol exactly when the bundle calls it; no other (each would need its scopes documented).
 */
function advancedServiceProblems(m: Manifest, code: string): string[] {
  const problems: string[] = [];
  const list = m.dependencies?.enabledAdvancedServices;
  const services = Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
  if (list !== undefined && !Array.isArray(list))
    problems.push('appsscript.json: dependencies.enabledAdvancedServices must be a list');
  const same = (s: Record<string, unknown> | null | undefined, w: (typeof ADVANCED)[number]['service']) =>
    s?.serviceId === w.serviceId && s?.userSymbol === w.userSymbol && s?.version === w.version;
  for (const s of services)
    if (!ADVANCED.some((a) => same(s, a.service)))
      problems.push(
        `appsscript.json: advanced service ${JSON.stringify(s)} is not one Holdfast documents (only ${ADVANCED.map((a) => JSON.stringify(a.service)).join(' and ')}, the second with --track-replies)`,
      );
  for (const a of ADVANCED) {
    const enabled = services.some(
      (s) => s?.serviceId === a.service.serviceId && s?.userSymbol === a.service.userSymbol,
    );
    const used = a.used.test(code);
    if (used && !enabled)
      problems.push(
        `appsscript.json: the bundle calls ${a.what}, which dependencies.enabledAdvancedServices does not enable`,
      );
    if (enabled && !used)
      problems.push(
        `appsscript.json: ${a.what.replace(/ \(.*\)$/, '')} is enabled but the bundle does not use it (${a.unused})`,
      );
  }
  if (m.dependencies?.libraries !== undefined)
    problems.push('appsscript.json: dependencies.libraries is set; Holdfast uses no library');
  return problems;
}

/** Services whose scopes Holdfast does not document at all: using one needs a README and manifest change. */
const UNDOCUMENTED_SERVICES: { pattern: RegExp; what: string }[] = [
  { pattern: /\bUrlFetchApp\.\w+/, what: 'UrlFetchApp (script.external_request)' },
  { pattern: /\bDriveApp\.\w+/, what: 'DriveApp (a Drive scope)' },
  { pattern: /\bDocumentApp\.\w+/, what: 'DocumentApp (documents)' },
  { pattern: /\bCalendarApp\.\w+/, what: 'CalendarApp (calendar)' },
  {
    pattern: /\bGmailApp\.(?!getMessageById\b|getThreadById\b|setCurrentMessageAccessToken\b)\w+/,
    what: 'GmailApp beyond the open message (a mailbox-wide Gmail scope)',
  },
];

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Problems with the manifest clasp would push, against the bundle it names and the README's scopes:
 * `allowedScopes` every build asks for, `optInScopes` only a build whose bundle needs them.
 */
export function checkManifest(
  manifestValue: unknown,
  code: string,
  allowedScopes: string[],
  optInScopes: string[] = [],
): string[] {
  const problems: string[] = [];
  if (!manifestValue || typeof manifestValue !== 'object' || Array.isArray(manifestValue))
    return ['build/appsscript.json is not a JSON object'];
  const m = manifestValue as Manifest;

  if (m.runtimeVersion !== 'V8')
    problems.push(`appsscript.json: runtimeVersion is ${JSON.stringify(m.runtimeVersion)}, expected "V8"`);
  if (typeof m.timeZone !== 'string' || !isTimeZone(m.timeZone))
    problems.push(
      `appsscript.json: timeZone ${JSON.stringify(m.timeZone)} is not an IANA time zone (e.g. "Europe/Paris")`,
    );

  const common = m.addOns?.common;
  if (!common) problems.push('appsscript.json: addOns.common is missing');
  else {
    if (typeof common.name !== 'string' || !common.name.trim())
      problems.push('appsscript.json: addOns.common.name is missing');
    if (typeof common.logoUrl !== 'string' || !/^https:\/\//.test(common.logoUrl))
      problems.push('appsscript.json: addOns.common.logoUrl must be an https:// URL');
  }
  if (!m.addOns?.gmail) problems.push('appsscript.json: addOns.gmail is missing (Holdfast is a Gmail add-on)');
  problems.push(...webAppProblems(m));

  const declared = new Set(topLevelFunctions(code));
  const refs = manifestFunctionRefs(m);
  if (refs.length === 0) problems.push('appsscript.json: addOns names no function to run');
  for (const { name, at } of refs)
    if (!declared.has(name))
      problems.push(`appsscript.json: ${at} is "${name}", but build/Code.js declares no top-level function ${name}`);
  // A web app serves doGet and doPost: without them every unsubscribe link opens "Script function not found".
  if ((m as { webapp?: unknown }).webapp !== undefined)
    for (const fn of ['doGet', 'doPost'])
      if (!declared.has(fn))
        problems.push(`appsscript.json: webapp is set, but build/Code.js declares no top-level function ${fn}`);

  const scopes = m.oauthScopes;
  if (!Array.isArray(scopes) || scopes.length === 0) {
    problems.push(
      'appsscript.json: oauthScopes is missing or empty (Apps Script would then guess scopes from the code)',
    );
    return problems;
  }
  problems.push(...advancedServiceProblems(m, code));
  const allowed = new Set([...allowedScopes, ...optInScopes]);
  const seen = new Set<string>();
  for (const scope of scopes) {
    if (typeof scope !== 'string') {
      problems.push(`appsscript.json: oauthScopes holds a non-string ${JSON.stringify(scope)}`);
      continue;
    }
    if (seen.has(scope)) problems.push(`appsscript.json: scope ${scope} is listed twice`);
    seen.add(scope);
    if (!allowed.has(scope))
      problems.push(
        `appsscript.json: scope ${scope} is not in the README's "OAuth scopes" table (document why it is needed)`,
      );
  }
  for (const scope of allowedScopes)
    if (!seen.has(scope)) problems.push(`README "OAuth scopes" lists ${scope}, which appsscript.json does not request`);
  for (const need of SCOPE_NEEDS) {
    const needed = need.needed(code, m);
    if (seen.has(need.scope) && !needed)
      problems.push(
        `appsscript.json: scope ${need.scope} is requested but nothing needs it (needed when ${need.what})`,
      );
    if (!seen.has(need.scope) && needed)
      problems.push(`appsscript.json: ${need.what}, which needs scope ${need.scope}`);
  }
  for (const service of UNDOCUMENTED_SERVICES)
    if (service.pattern.test(code))
      problems.push(`build/Code.js uses ${service.what}, a scope the README does not document`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// .clasp.json

export interface ClaspConfig {
  scriptId?: string;
  rootDir?: string;
  srcDir?: string;
  [key: string]: unknown;
}

/** Apps Script project IDs are long URL-safe strings; this rejects placeholders like "PASTE-YOUR-ID". */
export function looksLikeScriptId(id: string): boolean {
  return /^[A-Za-z0-9_-]{25,}$/.test(id) && !/PASTE|YOUR|SCRIPT.?ID|PLACEHOLDER|XXXX/i.test(id);
}

/**
 * Problems with `.clasp.json` (its text, or undefined when the file is absent). clasp reads
 * `srcDir`, else `rootDir`, as the folder it pushes, and treats any `scriptId` key, even an empty or
 * made-up one, as an existing project (`clasp create` then stops with "Project file already exists").
 */
export function checkClaspConfig(text: string | undefined, opts: { requireScriptId: boolean }): string[] {
  const setup = 'run `npm run setup:google` first';
  if (text === undefined) return opts.requireScriptId ? [`.clasp.json is missing: ${setup}`] : [];
  let config: ClaspConfig;
  try {
    config = JSON.parse(text);
  } catch (e) {
    return [`.clasp.json is not valid JSON: ${(e as Error).message}`];
  }
  if (!config || typeof config !== 'object' || Array.isArray(config)) return ['.clasp.json is not a JSON object'];
  const problems: string[] = [];
  if (config.rootDir !== 'build')
    problems.push(
      `.clasp.json: rootDir is ${JSON.stringify(config.rootDir)}, must be "build" (what npm run build writes)`,
    );
  if (config.srcDir !== undefined && config.srcDir !== 'build')
    problems.push(`.clasp.json: srcDir ${JSON.stringify(config.srcDir)} overrides rootDir in clasp; remove it`);
  if (config.scriptId === undefined) {
    if (opts.requireScriptId) problems.push(`.clasp.json has no scriptId: ${setup}`);
  } else if (typeof config.scriptId !== 'string' || !looksLikeScriptId(config.scriptId))
    problems.push(
      `.clasp.json: scriptId ${JSON.stringify(config.scriptId)} is not an Apps Script project ID: remove the key and ${setup}, or copy the ID from Project Settings in the Apps Script editor`,
    );
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Freshness of build/

/** What the build reads: a change to any of these makes build/ stale. */
export function buildInputs(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(path.join(root, 'src'));
  for (const f of ['appsscript.json', 'scripts/build.ts', 'package-lock.json', 'tsconfig.json']) {
    const p = path.join(root, f);
    if (fs.existsSync(p)) files.push(p);
  }
  return files;
}

/** Why build/ must be rebuilt, or null when it is fresh. */
export function staleReason(root: string): string | null {
  const code = path.join(root, 'build', 'Code.js');
  const manifest = path.join(root, 'build', 'appsscript.json');
  if (!fs.existsSync(code) || !fs.existsSync(manifest)) return 'build/ has not been built';
  if (!fs.readFileSync(code, 'utf8').startsWith(BUILD_HEADER))
    return 'build/Code.js was not written by npm run build (clasp pull or create may have replaced it)';
  // The default build copies appsscript.json; the opt-in build writes it with what --track-replies adds.
  const source = fs.readFileSync(path.join(root, 'appsscript.json'), 'utf8');
  const built = fs.readFileSync(manifest, 'utf8');
  if (built !== source && built !== manifestText(source, { trackReplies: true }))
    return 'build/appsscript.json differs from appsscript.json';
  const builtAt = Math.min(fs.statSync(code).mtimeMs, fs.statSync(manifest).mtimeMs);
  const newer = buildInputs(root).find((f) => fs.statSync(f).mtimeMs > builtAt);
  return newer ? `${path.relative(root, newer)} changed after the last build` : null;
}

// ---------------------------------------------------------------------------------------------
// All of it

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** Every problem with what `npm run deploy` would push, reading the files under `root`. */
export function deployProblems(root: string, opts: { requireScriptId: boolean }): string[] {
  const problems: string[] = [];
  const stale = staleReason(root);
  if (stale) problems.push(`${stale}: run npm run build`);
  const code = readIfExists(path.join(root, 'build', 'Code.js'));
  const manifestText = readIfExists(path.join(root, 'build', 'appsscript.json'));
  if (code !== undefined && manifestText !== undefined) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(manifestText);
    } catch (e) {
      problems.push(`build/appsscript.json is not valid JSON: ${(e as Error).message}`);
    }
    if (manifest !== undefined) {
      const readme = readIfExists(path.join(root, 'README.md')) ?? '';
      const allowed = readmeScopes(readme);
      if (allowed.length === 0) problems.push('README.md has no "## OAuth scopes" table to check the scopes against');
      problems.push(...checkManifest(manifest, code, allowed, readmeOptInScopes(readme)));
    }
  }
  problems.push(...checkClaspConfig(readIfExists(path.join(root, '.clasp.json')), opts));
  return problems;
}
