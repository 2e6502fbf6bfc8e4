import { connectedCrm } from '../../emulator/connect';
import { newSheet, type WorkbookData } from '../../emulator/workbook/model';
import { TABS } from '../../src/core/schema';
import { WINBACK_LIBRARY } from '../../src/core/winback';
import { actionParams, cardText, firstCard, notification } from '../helpers/cards';
import { crmRuntime, crmWorkbook, tabRows } from '../helpers/crm-fixture';

describe('setup', () => {
  it('creates a CRM sheet with every tab, bold frozen headers and dropdowns, remembered for its creator', () => {
    const { runtime, event, world, workbooks } = crmRuntime(null);
    const r = runtime.run('onSetupCreate', [event()], { kind: 'card' });
    expect(r.error).toBeUndefined();
    const id = connectedCrm(world)!;
    const wb = workbooks.get(id)!;
    expect(wb.sheets.map((s) => s.name)).toEqual(TABS.map((t) => t.name));
    for (const tab of TABS) {
      const sheet = wb.sheets.find((s) => s.name === tab.name)!;
      expect(sheet.rows[0]).toEqual(tab.columns);
      expect(sheet.frozenRows).toBe(1);
      expect(sheet.boldRows).toContain(1);
    }
    const stage = wb.sheets[0].validations.find((v) => v.values.includes('At risk'));
    expect(stage?.allowInvalid).toBe(false);
    expect(notification(r.result)).toMatch(/Created a new CRM sheet/);
    expect(cardText(firstCard(r.result))).toContain('Open the sheet');
    // It finished well inside the 30 s card limit.
    expect(r.simulatedMs).toBeLessThan(30_000);
  });

  it('creates one sheet however often Create is pressed on one setup card', () => {
    const { runtime, event, world, workbooks } = crmRuntime(null);
    const setup = runtime.run('onSetupAction', [event()], { kind: 'card' });
    const press = actionParams(setup.result, 'onSetupCreate');
    expect(press.createKey).toMatch(/./);
    const first = runtime.run('onSetupCreate', [event({}, press)], { kind: 'card' });
    const second = runtime.run('onSetupCreate', [event({}, press)], { kind: 'card' });
    expect(first.error).toBeUndefined();
    expect(second.error).toBeUndefined();
    expect(workbooks.all()).toHaveLength(1);
    expect(connectedCrm(world)).toBe(workbooks.all()[0].id);
    // A new setup card is a new key: that press makes another sheet (after confirming the switch).
    const again = actionParams(runtime.run('onSetupAction', [event()], { kind: 'card' }).result, 'onSetupCreate');
    expect(again.createKey).not.toBe(press.createKey);
  });

  it('connects an existing sheet by URL, accepting extra and reordered columns', () => {
    const wb: WorkbookData = {
      id: 'existing-sheet-id-123',
      name: 'Our CRM',
      sheets: [
        newSheet('Contacts', 0, [['account id', 'Notes', ' EMAIL ']]),
        newSheet('Accounts', 1, [['Owner', 'Domain', 'Account', 'Account ID', 'Region']]),
      ],
    };
    const { runtime, event, world, workbooks } = crmRuntime(null);
    workbooks.add(wb);
    const r = runtime.run(
      'onSetupConnect',
      [event({ sheet: 'https://docs.google.com/spreadsheets/d/existing-sheet-id-123/edit#gid=0' })],
      { kind: 'card' },
    );
    expect(r.error).toBeUndefined();
    expect(connectedCrm(world)!).toBe('existing-sheet-id-123');
    expect(notification(r.result)).toMatch(/Optional tabs missing: Usage\b/);
    // The connection is in the team's Activity (the tab is made for it).
    expect(tabRows(wb, 'Activity')).toMatchObject([{ Type: 'Team', Who: world.user }]);
    // "Add missing tabs" then completes it without touching the user's tabs.
    const added = runtime.run('onSetupAddTabs', [event()], { kind: 'card' });
    expect(added.error).toBeUndefined();
    expect(wb.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(TABS.map((t) => t.name)));
    expect(wb.sheets.find((s) => s.name === 'Accounts')!.rows[0]).toEqual([
      'Owner',
      'Domain',
      'Account',
      'Account ID',
      'Region',
    ]);
  });

  it('puts the win-back library in a new sheet: every template and segment once, however often Create is pressed', () => {
    const { runtime, event, world, workbooks } = crmRuntime(null);
    const press = actionParams(runtime.run('onSetupAction', [event()], { kind: 'card' }).result, 'onSetupCreate');
    runtime.run('onSetupCreate', [event({}, press)], { kind: 'card' });
    runtime.run('onSetupCreate', [event({}, press)], { kind: 'card' });
    const wb = workbooks.get(connectedCrm(world)!)!;
    const templates = tabRows(wb, 'Templates');
    expect(templates.map((t) => t['Template ID'])).toEqual(WINBACK_LIBRARY.map((p) => p.template.id));
    expect(templates[0]).toMatchObject({
      Name: 'Win back: Price',
      Subject: WINBACK_LIBRARY[0].template.subject,
      Body: WINBACK_LIBRARY[0].template.body,
      Format: 'Text',
      'Updated by': world.user,
    });
    const segments = tabRows(wb, 'Segments');
    expect(segments.map((s) => [s['Segment ID'], s.Name])).toEqual(
      WINBACK_LIBRARY.map((p) => [p.segment.id, p.segment.name]),
    );
    expect(JSON.parse(String(segments[0].Filter))).toEqual({
      all: [{ field: 'Churn reason', op: 'contains', value: 'price' }],
    });
    // "Add missing tabs" on the complete sheet adds no second copy.
    runtime.run('onSetupAddTabs', [event()], { kind: 'card' });
    expect(tabRows(wb, 'Templates')).toHaveLength(WINBACK_LIBRARY.length);
    expect(tabRows(wb, 'Segments')).toHaveLength(WINBACK_LIBRARY.length);
  });

  it('connecting a sheet adds the library beside its own rows, never over a row someone edited', () => {
    const edited = { id: 'TPL-WINBACK-PRICE', subject: 'Our own price email', body: 'Written by us' };
    const wb: WorkbookData = {
      id: 'kept-sheet-id-789',
      name: 'Kept CRM',
      sheets: [
        newSheet('Accounts', 0, [['Account ID', 'Account', 'Domain', 'Owner', 'Churn reason']]),
        newSheet('Contacts', 1, [['Email', 'Account ID']]),
        newSheet('Templates', 2, [
          ['Template ID', 'Name', 'Subject', 'Body', 'Format'],
          ['T-OWN', 'Renewal', 'Renewing {{Account}}', 'Hi', 'Text'],
          // Typed by hand: another case and stray spaces are still that ID.
          [` ${edited.id.toLowerCase()} `, 'Win back: Price', edited.subject, edited.body, 'Text'],
        ]),
      ],
    };
    const { runtime, event, workbooks } = crmRuntime(null);
    workbooks.add(wb);
    const r = runtime.run('onSetupConnect', [event({ sheet: wb.id })], { kind: 'card' });
    expect(r.error).toBeUndefined();
    const ids = () => tabRows(wb, 'Templates').map((t) => String(t['Template ID']).trim().toUpperCase());
    expect(ids()).toEqual(['T-OWN', edited.id, ...WINBACK_LIBRARY.slice(1).map((p) => p.template.id)]);
    expect(tabRows(wb, 'Templates')[1]).toMatchObject({ Subject: edited.subject, Body: edited.body });
    // The sheet has no Segments tab: connecting does not add tabs, so the segments wait for "Add missing tabs".
    expect(wb.sheets.some((s) => s.name === 'Segments')).toBe(false);
    runtime.run('onSetupAddTabs', [event()], { kind: 'card' });
    expect(tabRows(wb, 'Segments').map((s) => s['Segment ID'])).toEqual(WINBACK_LIBRARY.map((p) => p.segment.id));
    // Pressed again, and connected again: nothing added twice, the edited row as it was.
    runtime.run('onSetupAddTabs', [event()], { kind: 'card' });
    runtime.run('onSetupConnect', [event({ sheet: wb.id })], { kind: 'card' });
    expect(ids()).toHaveLength(WINBACK_LIBRARY.length + 1);
    expect(tabRows(wb, 'Segments')).toHaveLength(WINBACK_LIBRARY.length);
    expect(tabRows(wb, 'Templates')[1]).toMatchObject({ Subject: edited.subject, Body: edited.body });
  });

  it('says precisely what an existing sheet lacks, and connects nothing', () => {
    const wb: WorkbookData = {
      id: 'lacking-sheet-id-456',
      name: 'Half a CRM',
      sheets: [newSheet('Accounts', 0, [['Account ID', 'Account']])],
    };
    const { runtime, event, world, workbooks } = crmRuntime(null);
    workbooks.add(wb);
    const r = runtime.run('onSetupConnect', [event({ sheet: 'lacking-sheet-id-456' })], { kind: 'card' });
    expect(notification(r.result)).toBe(
      'The CRM sheet needs attention: That sheet cannot be used yet: Accounts lacks "Domain", "Owner"; no "Contacts" tab.',
    );
    expect(connectedCrm(world)).toBeUndefined();
  });

  it('refuses something that is not a sheet URL or id', () => {
    const { runtime, event } = crmRuntime(null);
    const r = runtime.run('onSetupConnect', [event({ sheet: 'my sheet please' })], { kind: 'card' });
    expect(notification(r.result)).toBe(
      'Please check your input: "my sheet please" is not a Google Sheets URL or spreadsheet id.',
    );
  });

  it('reports the workbook size against the 10-million-cell limit', () => {
    const { runtime, event } = crmRuntime(crmWorkbook({}));
    const r = runtime.run('onSetupAction', [event()], { kind: 'card' });
    expect(cardText(r.result)).toMatch(/of 10,000,000 cells/);
  });

  it('keeps every tab readable after creation (no accounts yet, only the starter library)', () => {
    const { runtime, event, world, workbooks } = crmRuntime(null);
    runtime.run('onSetupCreate', [event()], { kind: 'card' });
    const wb = workbooks.get(connectedCrm(world)!)!;
    expect(tabRows(wb, 'Accounts')).toEqual([]);
    const home = runtime.run('onHomepage', [event()], { kind: 'card' });
    expect(cardText(home.result)).toContain('My accounts at risk (0 of 0)');
  });
});
