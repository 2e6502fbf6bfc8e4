import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Manifest, Runtime } from '../emulator/runtime/runtime';
import { accessTokenFor } from '../emulator/services/mail';
import type { WorkbookData } from '../emulator/workbook/model';
import { SPREADSHEET_ID_PROPERTY } from '../src/core/keys';
import { crmRuntime, demoBook, runDailyScan } from './books';
import { benchBuild, report } from './report';

/** A column's A1 letter (0-based index). */
function letter(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * The floor: the least a hand-written script must do to show anything about the sender, written for
 * this very workbook (the Email column and the row's width known in advance, nothing checked): read
 * the open message, the user's sheet ID from User Properties, open the sheet, one search of the
 * Contacts Email column, one read of the row found. Warm: the message and one cache read.
 */
function floorCode(workbook: WorkbookData): string {
  const header = workbook.sheets.find((s) => s.name === 'Contacts')!.rows[0] as string[];
  const email = letter(header.indexOf('Email'));
  return `
function sender(e) {
  GmailApp.setCurrentMessageAccessToken(e.gmail.accessToken);
  var from = GmailApp.getMessageById(e.gmail.messageId).getFrom();
  var m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim().toLowerCase();
}
function floorCold(e) {
  var email = sender(e);
  var id = PropertiesService.getUserProperties().getProperty(${JSON.stringify(SPREADSHEET_ID_PROPERTY)});
  var sheet = SpreadsheetApp.openById(id).getSheetByName('Contacts');
  var found = sheet.getRange('${email}2:${email}').createTextFinder(email).matchEntireCell(true).findAll();
  if (!found.length) throw new Error('floor: ' + email + ' not in Contacts');
  return card(sheet.getRange(found[0].getRow(), 1, 1, ${header.length}).getValues()[0].join(' '));
}
function floorWarm(e) {
  return card(CacheService.getScriptCache().get('floor:' + sender(e)) || '');
}
function card(text) {
  return CardService.newCardBuilder()
    .addSection(CardService.newCardSection().addWidget(CardService.newTextParagraph().setText(text)))
    .build();
}
`;
}

/**
 * The contextual card for a known sender, through the real bundle, against the floor measured in the
 * same run, world, workbook and message: before any scan (health computed live: "unscored"), after
 * the daily scan on an empty cache (cold: first open) and with the card cached (warm: the same
 * message opened again), at 1k, 10k and 50k contacts.
 */
export function run(): void {
  const build = benchBuild();
  const manifest = JSON.parse(fs.readFileSync(path.join(build, 'appsscript.json'), 'utf8')) as Manifest;
  // The product's manifest (scopes, advanced services), with the floor's functions as the message triggers.
  const floorManifest: Manifest = {
    ...manifest,
    addOns: {
      gmail: {
        contextualTriggers: ['floorCold', 'floorWarm'].map((fn) => ({ unconditional: {}, onTriggerFunction: fn })),
      },
    },
  };
  for (const contacts of [1_000, 10_000, 50_000]) {
    const { workbook, mailbox } = demoBook(contacts);
    const { world, workbooks, runtime } = crmRuntime(workbook, { mailbox });
    const floor = new Runtime(floorCode(workbook), floorManifest, world, workbooks);
    const message = mailbox[0];
    const event = {
      commonEventObject: { hostApp: 'GMAIL', formInputs: {}, parameters: {} },
      gmail: { messageId: message.id, threadId: message.threadId, accessToken: accessTokenFor(message.id) },
    };
    const params = { contacts };
    const figure = (metric: string, value: number, unit: string) =>
      report({ bench: 'sidebar', metric, value, unit, params });
    const exec = (rt: Runtime, fn: string) => {
      const r = rt.run(fn, [event], { kind: 'card' });
      if (!r.ok) throw new Error(`sidebar bench: ${fn}: ${r.error?.message}`);
      return r;
    };
    const open = (...names: string[]) => {
      const r = exec(runtime, 'onGmailMessage');
      for (const name of names) {
        figure(`calls.${name}`, r.callCount, 'calls');
        figure(`simulatedMs.${name}`, r.simulatedMs, 'simulated ms');
      }
      return r.simulatedMs;
    };
    // Before any scan: the account's health is computed now, from its own rows. ("unscanned" is the
    // name this figure had before; printed this once more for continuity.)
    const unscored = open('unscored', 'unscanned');
    // The normal day: after the daily scan, with an empty cache (cold) and a second open (warm).
    runDailyScan(runtime, world, 10);
    world.cache.script = {};
    world.cache.user = {};
    const floorCold = exec(floor, 'floorCold');
    // The warm floor reads a card it finds (put there outside the measured executions).
    const sender = /<([^>]+)>/.exec(message.from)?.[1] ?? message.from;
    world.cache.script[`floor:${sender.trim().toLowerCase()}`] = {
      value: 'cached',
      expiresAtMs: world.nowMs + 3_600_000,
    };
    const floorWarm = exec(floor, 'floorWarm');
    world.cache.script = {};
    figure('floor.calls.cold', floorCold.callCount, 'calls');
    figure('floor.simulatedMs.cold', floorCold.simulatedMs, 'simulated ms');
    figure('floor.calls.warm', floorWarm.callCount, 'calls');
    figure('floor.simulatedMs.warm', floorWarm.simulatedMs, 'simulated ms');
    const cold = open('cold');
    const warm = open('warm');
    const ratio = (ms: number, of: number) => Math.round((ms / of) * 100) / 100;
    figure('ratio.cold', ratio(cold, floorCold.simulatedMs), '× floor');
    figure('ratio.unscored', ratio(unscored, floorCold.simulatedMs), '× floor');
    figure('ratio.warm', ratio(warm, floorWarm.simulatedMs), '× warm floor');
  }
}
