// The local Gmail preview's page script. Plain JS, no dependencies, nothing from the network.
// The server runs the add-on and keeps the card stacks; this script sends what was clicked (with the
// card's form inputs) and draws what it is told. Card HTML comes rendered by the server (render.ts,
// inert: no scripts, no handlers); everything else is built with DOM calls and textContent.
// Type-checked by tsconfig.preview.json (`npm run typecheck`) through the JSDoc types below; the
// typedefs are what this page reads from the server's answers (server.ts).
// @ts-check

/**
 * @typedef {'sidebar' | 'compose'} Panel
 * @typedef {'outbox' | 'workbook' | 'last' | 'clock'} DevTab
 * @typedef {{ function?: string, parameters?: unknown }} CardAction
 * @typedef {{ url?: unknown }} OpenLink
 * @typedef {{ name: string, message: string }} ErrorInfo
 * @typedef {{ picker: { type: string, value: string, offsetMins?: number } }} PickerValue what was typed
 *   into a picker; the server makes Gmail's dateInput / dateTimeInput / timeInput of it, in the user's zone
 * @typedef {Record<string, string[] | PickerValue>} FormInputs
 * @typedef {{ to: string[], subject: string }} ComposeMeta
 *
 * @typedef {object} ServerState GET /api/state
 * @property {string} user
 * @property {string} now
 * @property {Array<{ label: string, runFunction?: string, openLink?: string }>} universalActions
 * @property {Array<{ function: string, nextRun: string, everyMinutes: number | null }>} triggers
 * @property {number} outboxCount
 *
 * @typedef {{ id: string, from: string, subject: string, date: string, snippet: string }} InboxItem
 * @typedef {{ id: string, from: string, to: string, cc?: string, subject: string, date: string, body: string }} Message
 *
 * @typedef {object} Draft a Gmail draft action, as the add-on returned it
 * @property {{ draftId: string }} [openCreatedDraftActionMarkup]
 * @property {object} [updateDraftActionMarkup]
 * @property {{ toRecipients?: Array<{ email: string }> }} [updateDraftActionMarkup.updateToRecipients]
 * @property {{ subject: string }} [updateDraftActionMarkup.updateSubject]
 * @property {{ type?: string, insertContents?: Array<{ contentType: string, content: string }> }} [updateDraftActionMarkup.updateBody]
 *
 * @typedef {object} Answer what a card trigger, an action, a back or a push answers
 * @property {string} [function]
 * @property {ErrorInfo} [error]
 * @property {string[]} [warnings]
 * @property {boolean} [changed]
 * @property {string} html
 * @property {number} depth
 * @property {string} [notification]
 * @property {OpenLink} [link]
 * @property {Draft} [draft]
 * @property {Message} [message]
 *
 * @typedef {object} ExecutionBase
 * @property {string} function
 * @property {string} kind
 * @property {string} at
 * @property {Record<string, number>} calls
 * @property {number} callCount
 * @property {number} simulatedMs
 * @property {number} cpuMs
 * @property {string[]} logs
 * @property {number} sent
 * @typedef {ExecutionBase & ({ ok: true, error?: undefined } | { ok: false, error: ErrorInfo })} Execution
 *
 * @typedef {{ name?: string, from: string, to: string[], cc: string[], bcc: string[], replyTo?: string,
 *   at: string, via: string, subject: string, body: string, htmlBody?: string, htmlView?: string,
 *   bodyView: Array<string | { text: string, href: string }> }} SentEmail the email, and how the Outbox
 *   shows it: htmlView and bodyView have links to the web app's script.google.com URL made local
 * @typedef {{ chartId: number, type: string, title: string, anchor: string, ranges: string[], svg: string }}
 *   WorkbookChart an embedded chart, drawn by the server from its ranges' current values (charts.ts)
 * @typedef {{ name: string, sheetId: number, headers: string[], rows: string[][], firstRow: number,
 *   total: number, charts: WorkbookChart[] }} WorkbookTab
 * @typedef {{ workbooks: Array<{ id: string, name: string, crm: boolean }>,
 *   workbook: { id: string, name: string, tabs: WorkbookTab[] } | null }} WorkbookView
 */

(() => {
  const SESSION =
    self.crypto && crypto.randomUUID ? crypto.randomUUID() : `s${Date.now()}${Math.random().toString(36).slice(2)}`;
  const LOG_TABS = ['Activity', 'Send log', 'Health history'];
  // index.html has every element the script names by id.
  /** @type {(id: string) => HTMLElement} */
  const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  /** @type {(id: string) => HTMLInputElement} */
  const inputById = (id) => /** @type {HTMLInputElement} */ (byId(id));
  /** @type {(selector: string) => HTMLElement} */
  const one = (selector) => /** @type {HTMLElement} */ (document.querySelector(selector));
  /** @type {(e: unknown) => string} */
  const messageOf = (e) => /** @type {Error} */ (e).message;

  /**
   * @type {{ messageId: string | null, messages: InboxItem[], now: string | null, user?: string,
   *   busy: Record<Panel, boolean>, devTab: DevTab, devHidden: boolean, workbookId: string | null,
   *   workbookTab: string, workbookGid?: number, lastRows: Set<string>, stale: Record<DevTab, boolean> }}
   */
  const state = {
    messageId: null,
    messages: [],
    now: null,
    busy: { sidebar: false, compose: false },
    devTab: 'last',
    devHidden: false,
    workbookId: null,
    workbookTab: 'Accounts',
    lastRows: new Set(LOG_TABS),
    stale: { outbox: true, workbook: true, last: true, clock: true },
  };

  /** @type {Record<Panel, { card: HTMLElement, error: HTMLElement, warnings: HTMLElement, back: HTMLButtonElement, busy: HTMLElement | null }>} */
  const panels = {
    sidebar: {
      card: byId('addon-card'),
      error: one('[data-error="sidebar"]'),
      warnings: one('[data-warnings="sidebar"]'),
      back: /** @type {HTMLButtonElement} */ (one('.back-button[data-panel="sidebar"]')),
      busy: byId('sidebar-busy'),
    },
    compose: {
      card: byId('compose-card'),
      error: one('[data-error="compose"]'),
      warnings: one('[data-warnings="compose"]'),
      back: /** @type {HTMLButtonElement} */ (one('.back-button[data-panel="compose"]')),
      busy: null,
    },
  };

  // ------------------------------------------------------------------------------------------
  // Talking to the server

  /**
   * GET path, or POST body to it as JSON; the answer's JSON, or an Error with the server's message.
   * @param {string} path
   * @param {object} [body]
   * @returns {Promise<unknown>}
   */
  async function api(path, body) {
    /** @type {RequestInit & { headers: Record<string, string> }} */
    const init = { headers: { 'X-Holdfast-Session': SESSION } };
    if (body !== undefined) {
      init.method = 'POST';
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new Error(`The preview server is not answering (${messageOf(e)}). Is npm start still running?`);
    }
    /** @type {{ error?: { message?: string } }} */
    let data;
    try {
      data = await res.json();
    } catch {
      data = { error: { message: `HTTP ${res.status}` } };
    }
    if (!res.ok) throw new Error((data.error && data.error.message) || `HTTP ${res.status}`);
    return data;
  }

  // ------------------------------------------------------------------------------------------
  // Small DOM helpers (text only)

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag
   * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
   * @param {...(Node | string | null | undefined)} children
   * @returns {HTMLElementTagNameMap[K]}
   */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'className') node.className = /** @type {string} */ (v);
      else if (k === 'text') node.textContent = /** @type {string} */ (v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  /**
   * @param {string} iso
   * @param {boolean} [withTime]
   */
  function fmtDate(iso, withTime) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    const now = state.now ? new Date(state.now) : new Date();
    const sameDay = d.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
    const time = d.toISOString().slice(11, 16);
    const day = d.toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: d.getUTCFullYear() === now.getUTCFullYear() ? undefined : 'numeric',
      timeZone: 'UTC',
    });
    if (withTime)
      return `${d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}, ${time} UTC`;
    return sameDay ? time : day;
  }

  /**
   * @param {string} text
   * @param {{ error?: boolean, link?: Node, ms?: number }} [opts]
   */
  function toast(text, opts) {
    const o = opts || {};
    const box = el('div', { className: `toast${o.error ? ' error' : ''}` });
    box.append(el('span', { text }));
    if (o.link) box.append(o.link);
    const close = el('button', { type: 'button', text: 'Dismiss' });
    close.addEventListener('click', () => box.remove());
    box.append(close);
    byId('toasts').append(box);
    setTimeout(() => box.remove(), o.ms || 8000);
  }

  /**
   * @param {unknown} url
   * @returns {url is string}
   */
  function safeUrl(url) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this strips
    return typeof url === 'string' && /^(https?:\/\/|mailto:)/i.test(url.replace(/[\u0000-\u0020\u007f]/g, ''));
  }

  // ------------------------------------------------------------------------------------------
  // Top bar, inbox, reader

  async function loadState() {
    const s = /** @type {ServerState} */ (await api('/api/state'));
    state.now = s.now;
    state.user = s.user;
    byId('user').textContent = s.user;
    for (const t of [byId('sim-now'), byId('clock-now')]) {
      t.textContent = fmtDate(s.now, true);
      t.setAttribute('datetime', s.now);
    }
    byId('outbox-count').textContent = s.outboxCount ? String(s.outboxCount) : '';
    const menu = byId('universal-actions');
    menu.replaceChildren(
      ...s.universalActions.map((u) => {
        const b = el('button', { type: 'button', text: u.label });
        b.addEventListener('click', () => {
          toggleUniversalMenu(false);
          if (u.openLink) openLink({ url: u.openLink });
          else runAction('sidebar', { function: u.runFunction, parameters: [] }, null, { universal: true });
        });
        return el('li', {}, b);
      }),
    );
    const triggers = byId('clock-triggers');
    triggers.replaceChildren(
      ...(s.triggers.length
        ? s.triggers.map((t) =>
            el('li', {
              text: `${t.function}: next run ${fmtDate(t.nextRun, true)}${t.everyMinutes ? `, every ${t.everyMinutes >= 60 ? `${t.everyMinutes / 60} h` : `${t.everyMinutes} min`}` : ' (once)'}`,
            }),
          )
        : [el('li', { text: 'None installed (the setup card turns the daily scan on).' })]),
    );
    const names = new Set(['onHourly', ...s.triggers.map((t) => t.function)]);
    byId('run-suggestions').replaceChildren(...[...names].map((n) => el('option', { value: n })));
  }

  /** @param {HTMLElement['hidden']} open the menu's own `hidden` may be passed (a boolean, as this page sets it) */
  function toggleUniversalMenu(open) {
    byId('universal-actions').hidden = !open;
    byId('universal-toggle').setAttribute('aria-expanded', String(open));
    if (open) {
      const first = byId('universal-actions').querySelector('button');
      if (first) first.focus();
    }
  }

  async function loadInbox() {
    const { messages } = /** @type {{ messages: InboxItem[] }} */ (await api('/api/inbox'));
    state.messages = messages;
    const list = byId('inbox');
    list.replaceChildren(
      ...messages.map((m) => {
        const b = el(
          'button',
          {
            type: 'button',
            className: 'mail-item',
            'data-id': m.id,
            'aria-current': m.id === state.messageId ? 'true' : null,
          },
          el('span', { className: 'mail-from', text: m.from.replace(/\s*<[^>]*>\s*$/, '') || m.from }),
          el('span', { className: 'mail-date', text: fmtDate(m.date) }),
          el('span', { className: 'mail-subject', text: m.subject || '(no subject)' }),
          el('span', { className: 'mail-snippet', text: m.snippet }),
        );
        b.title = m.from;
        b.addEventListener('click', () => openMessage(m.id));
        return el('li', {}, b);
      }),
    );
    list.removeAttribute('aria-busy');
    if (!messages.length) list.append(el('li', { className: 'hint', text: 'The mailbox is empty.' }));
  }

  function markCurrent() {
    for (const b of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.mail-item'))) {
      if (b.dataset.id === state.messageId) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
  }

  /** @param {Message | null} m */
  function showMessage(m) {
    byId('reader-empty').hidden = !!m;
    byId('message').hidden = !m;
    if (!m) return;
    byId('message-subject').textContent = m.subject || '(no subject)';
    byId('message-from').textContent = m.from;
    byId('message-to').textContent = m.to;
    byId('message-cc').textContent = m.cc || '';
    byId('message-cc').hidden = byId('message-cc-label').hidden = !m.cc;
    byId('message-date').textContent = fmtDate(m.date, true);
    byId('message-body').textContent = m.body;
  }

  /** @param {string} id */
  async function openMessage(id) {
    state.messageId = id;
    markCurrent();
    const r = await execute('/api/open', { messageId: id }, 'sidebar');
    if (r && r.message) showMessage(r.message);
  }

  async function closeMessage() {
    state.messageId = null;
    markCurrent();
    showMessage(null);
    await execute('/api/home', {}, 'sidebar');
  }

  // ------------------------------------------------------------------------------------------
  // Running the add-on and drawing its answer

  /**
   * @param {Panel} panel
   * @param {boolean} on
   * @param {string} [fn]
   */
  function setBusy(panel, on, fn) {
    const p = panels[panel];
    state.busy[panel] = on;
    p.card.setAttribute('aria-busy', on ? 'true' : 'false');
    if (p.busy) {
      p.busy.hidden = !on;
      p.busy.textContent = on ? `Running ${fn || ''}…` : '';
    }
  }

  /**
   * @param {string} path
   * @param {{ action?: CardAction } & Record<string, unknown>} body
   * @param {Panel} panel
   * @returns {Promise<Answer | null>}
   */
  async function execute(path, body, panel) {
    if (state.busy[panel]) return null;
    setBusy(panel, true, body && body.action ? body.action.function : path.replace('/api/', ''));
    /** @type {Answer | null} */
    let r = null;
    try {
      r = /** @type {Answer} */ (await api(path, { ...body, panel }));
      apply(r, panel);
    } catch (e) {
      showError(panel, messageOf(e));
    } finally {
      setBusy(panel, false);
      afterExecution();
    }
    return r;
  }

  /**
   * @param {Panel} panel
   * @param {string} message
   */
  function showError(panel, message) {
    panels[panel].error.textContent = message ? `Holdfast could not complete that: ${message}` : '';
  }

  /**
   * @param {Answer} r
   * @param {Panel} panel
   */
  function apply(r, panel) {
    const p = panels[panel];
    showError(panel, r.error ? `${r.function}: ${r.error.message}` : '');
    p.warnings.replaceChildren(...(r.warnings || []).map((w) => el('p', { text: w })));
    if (r.changed) drawCard(panel, r.html);
    p.back.disabled = !(r.depth > 1);
    if (r.notification !== undefined) toast(r.notification);
    if (r.link) openLink(r.link, true);
    if (r.draft) applyDraft(r.draft);
  }

  /**
   * Put the server's card HTML in the panel, keeping focus on the same field when it is redrawn.
   * @param {Panel} panel
   * @param {string} html
   */
  function drawCard(panel, html) {
    const container = panels[panel].card;
    const active = /** @type {(Element & { name?: string }) | null} */ (document.activeElement);
    // Focus was in the old card (a button clicked, a dropdown changed): keep it in the new one.
    const hadFocus = !!active && active !== container && container.contains(active);
    const focusName = hadFocus && active.name ? active.name : null;
    container.innerHTML = html;
    container.scrollTop = 0;
    if (hadFocus) {
      const again =
        focusName && /** @type {HTMLElement | null} */ (container.querySelector(`[name="${CSS.escape(focusName)}"]`));
      const heading = /** @type {HTMLElement | null} */ (container.querySelector('.hf-card-title, h2'));
      if (again) again.focus();
      else if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus();
      }
    }
  }

  /**
   * What Gmail sends as the card's form inputs: every named field that has a value.
   * @param {Element | null} card
   * @returns {FormInputs}
   */
  function formInputsOf(card) {
    /** @type {FormInputs} */
    const out = {};
    /** @type {(name: string, value: string) => void} */
    const add = (name, value) => {
      if (value === '' || value === null || value === undefined) return;
      const values = out[name];
      (out[name] = Array.isArray(values) ? values : []).push(value);
    };
    if (!card) return out;
    const fields = /** @type {NodeListOf<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>} */ (
      card.querySelectorAll('input[name], select[name], textarea[name]')
    );
    for (const field of fields) {
      const name = field.name;
      if (!name || field.disabled) continue;
      if (field.type === 'checkbox' || field.type === 'radio') {
        if (/** @type {HTMLInputElement} */ (field).checked) add(name, field.getAttribute('value') ?? 'true');
      } else if (field.tagName === 'SELECT') {
        for (const o of /** @type {HTMLSelectElement} */ (field).selectedOptions) add(name, o.value);
      } else if (field.dataset.pickerType) {
        const picker = pickerInput(/** @type {HTMLInputElement} */ (field));
        if (picker) out[name] = picker;
      } else {
        add(name, field.value);
      }
    }
    return out;
  }

  /**
   * What was typed into a date/time input, with the picker's type and the card's offset if it set
   * one. The server reads it as Gmail does (a date and time in the user's own zone, not the browser's
   * or UTC) and puts Gmail's {dateInput}, {dateTimeInput} or {timeInput} in the event.
   * @param {HTMLInputElement} field
   * @returns {PickerValue | null}
   */
  function pickerInput(field) {
    const value = field.value;
    if (!value) return null;
    const offset = field.dataset.timezoneOffset;
    /** @type {PickerValue} */
    const out = { picker: { type: field.dataset.pickerType || 'DATE_AND_TIME', value } };
    if (offset !== undefined && offset !== '' && Number.isFinite(Number(offset)))
      out.picker.offsetMins = Number(offset);
    return out;
  }

  /** @returns {ComposeMeta} */
  function composeMeta() {
    /** @type {(s: string) => string[]} */
    const split = (s) =>
      s
        .split(/[,;]/)
        .map((x) => x.trim())
        .filter(Boolean);
    return { to: split(inputById('compose-to').value), subject: inputById('compose-subject').value };
  }

  /**
   * @param {Panel} panel
   * @param {CardAction} action
   * @param {Element | null} fromElement
   * @param {{ universal?: boolean }} [extra]
   */
  function runAction(panel, action, fromElement, extra) {
    const card = fromElement ? fromElement.closest('.hf-card') : panels[panel].card.querySelector('.hf-card');
    /** @type {{ action: CardAction, formInputs: FormInputs, universal?: boolean, compose?: ComposeMeta, messageId?: string }} */
    const body = { action, formInputs: formInputsOf(card), ...(extra || {}) };
    if (panel === 'compose') body.compose = composeMeta();
    else if (state.messageId) body.messageId = state.messageId;
    return execute('/api/action', body, panel);
  }

  /**
   * @param {OpenLink} link
   * @param {boolean} [fromResponse]
   */
  function openLink(link, fromResponse) {
    const url = link && link.url;
    if (!safeUrl(url)) {
      toast(`Blocked link: ${String(url)} (only http, https and mailto)`, { error: true });
      return;
    }
    const sheet = /^https:\/\/docs\.google\.com\/spreadsheets\/d\/([^/]+)/.exec(url);
    if (sheet) {
      // The sheet lives in this preview, not at Google: show it in the Workbook panel.
      const gid = /[#&?]gid=(\d+)/.exec(url);
      const a = el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: url });
      toast('Sheet link (shown in the Workbook panel):', { link: a, ms: 12000 });
      state.workbookId = sheet[1];
      if (gid) state.workbookGid = Number(gid[1]);
      selectDevTab('workbook');
      return;
    }
    const opened = window.open(url, '_blank', 'noopener,noreferrer');
    if (!opened && fromResponse) {
      toast('The add-on opened a link:', {
        link: el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: url }),
        ms: 15000,
      });
    }
  }

  // ------------------------------------------------------------------------------------------
  // Compose

  /** @param {unknown} html */
  function htmlToText(html) {
    // DOMParser builds an inert document: no script runs, nothing loads.
    const doc = new DOMParser().parseFromString(String(html), 'text/html');
    for (const br of doc.querySelectorAll('br')) br.replaceWith('\n');
    for (const b of doc.querySelectorAll('p, div, li, tr, h1, h2, h3, h4, h5, h6')) b.append('\n');
    for (const a of doc.querySelectorAll('a[href]')) {
      const href = a.getAttribute('href');
      if (href && href !== a.textContent) a.append(` (${href})`);
    }
    return (doc.body.textContent || '').replace(/\n{3,}/g, '\n\n');
  }

  /** @param {Draft} draft */
  function applyDraft(draft) {
    if (draft.openCreatedDraftActionMarkup) {
      toast(`The add-on created draft ${draft.openCreatedDraftActionMarkup.draftId}.`);
      return;
    }
    const m = draft.updateDraftActionMarkup;
    if (!m) return;
    if (byId('composer').hidden) openComposer(false);
    /** @type {(rs: Array<{ email: string }> | undefined) => string} */
    const list = (rs) => (rs || []).map((r) => r.email).join(', ');
    if (m.updateToRecipients) inputById('compose-to').value = list(m.updateToRecipients.toRecipients);
    if (m.updateSubject) inputById('compose-subject').value = m.updateSubject.subject;
    if (m.updateBody) {
      let html = false;
      const text = (m.updateBody.insertContents || [])
        .map((c) => {
          if (c.contentType === 'TEXT') return c.content;
          html = true;
          return htmlToText(c.content);
        })
        .join('');
      byId('compose-note').hidden = !html;
      const body = /** @type {HTMLTextAreaElement} */ (byId('compose-body'));
      const type = m.updateBody.type || 'IN_PLACE_INSERT';
      const [start, end] =
        type === 'INSERT_AT_START'
          ? [0, 0]
          : type === 'INSERT_AT_END'
            ? [body.value.length, body.value.length]
            : [body.selectionStart, body.selectionEnd];
      body.setRangeText(text, start, end, 'end');
      body.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }

  /** @param {boolean} runTrigger */
  function openComposer(runTrigger) {
    const composer = byId('composer');
    composer.hidden = false;
    byId('reader').hidden = true;
    byId('compose-to').focus();
    if (runTrigger !== false) runCompose();
  }

  function closeComposer() {
    byId('composer').hidden = true;
    byId('reader').hidden = false;
    /** @type {HTMLFormElement} */ (byId('compose-form')).reset();
    byId('compose-note').hidden = true;
    panels.compose.card.replaceChildren();
    byId('compose-open').focus();
  }

  function runCompose() {
    return execute('/api/compose', composeMeta(), 'compose');
  }

  // ------------------------------------------------------------------------------------------
  // Card interactions (delegated: cards are redrawn often)

  /** @param {Panel} panel */
  function wireCards(panel) {
    const container = panels[panel].card;
    container.addEventListener('click', (ev) => {
      // Buttons, and links that are not buttons (so no `disabled`).
      const t = /** @type {(HTMLElement & { disabled?: boolean }) | null} */ (
        /** @type {Element} */ (ev.target).closest(
          '[data-toggle], [data-action], [data-open-link], [data-open-link-action], [data-push-card]',
        )
      );
      if (!t || !container.contains(t) || t.disabled || state.busy[panel]) return;
      if (t.hasAttribute('data-toggle')) {
        // getElementById(null) looks up "null", as String() spells it.
        const more = document.getElementById(String(t.getAttribute('aria-controls')));
        const open = t.getAttribute('aria-expanded') !== 'true';
        t.setAttribute('aria-expanded', String(open));
        if (more) more.hidden = !open;
        const label = t.querySelector('.hf-toggle-label');
        if (label) label.textContent = (open ? t.dataset.labelExpanded : t.dataset.labelCollapsed) ?? null;
        return;
      }
      ev.preventDefault();
      const menu = t.closest('details');
      if (menu) menu.open = false;
      if (t.dataset.action) runAction(panel, JSON.parse(t.dataset.action), t);
      else if (t.dataset.openLink) openLink(JSON.parse(t.dataset.openLink));
      else if (t.dataset.openLinkAction) runAction(panel, JSON.parse(t.dataset.openLinkAction), t);
      else if (t.dataset.pushCard) execute('/api/push', { card: JSON.parse(t.dataset.pushCard) }, panel);
    });
    container.addEventListener('change', (ev) => {
      const t = /** @type {HTMLElement | null} */ (/** @type {Element} */ (ev.target).closest('[data-change-action]'));
      if (!t || !container.contains(t)) return;
      runAction(panel, JSON.parse(/** @type {string} */ (t.dataset.changeAction)), t);
    });
  }

  // ------------------------------------------------------------------------------------------
  // Developer panels

  /** @type {DevTab[]} */
  const DEV_TABS = ['outbox', 'workbook', 'last', 'clock'];

  /**
   * @param {DevTab} name
   * @param {boolean} [focus]
   */
  function selectDevTab(name, focus) {
    state.devTab = name;
    for (const t of DEV_TABS) {
      const tab = byId(`tab-${t}`);
      const on = t === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      byId(`panel-${t}`).hidden = !on;
    }
    if (focus) byId(`tab-${name}`).focus();
    if (state.devHidden) toggleDevtools(false);
    refreshDev(name);
  }

  /** @param {boolean} hide */
  function toggleDevtools(hide) {
    state.devHidden = hide;
    byId('devtools-panels').hidden = hide;
    const b = byId('devtools-toggle');
    b.setAttribute('aria-expanded', String(!hide));
    b.textContent = hide ? 'Show panels' : 'Hide panels';
  }

  /** @param {DevTab} name */
  async function refreshDev(name) {
    state.stale[name] = false;
    try {
      if (name === 'outbox') await drawOutbox();
      else if (name === 'workbook') await drawWorkbook();
      else if (name === 'last') await drawLast();
      else if (name === 'clock') await loadState();
    } catch (e) {
      toast(`Could not load the ${name} panel: ${messageOf(e)}`, { error: true });
    }
  }

  function afterExecution() {
    for (const k of /** @type {DevTab[]} */ (Object.keys(state.stale))) state.stale[k] = true;
    loadState().catch(() => {});
    if (!state.devHidden) refreshDev(state.devTab);
  }

  // Panels redraw after every action and on every click: only the newest answer may draw.
  const drawn = { outbox: 0, workbook: 0, last: 0 };

  async function drawOutbox() {
    const seq = ++drawn.outbox;
    const { total, emails } = /** @type {{ total: number, emails: SentEmail[] }} */ (await api('/api/outbox'));
    if (seq !== drawn.outbox) return;
    byId('outbox-summary').textContent = total
      ? `${total} email${total === 1 ? '' : 's'} sent by the add-on${total > emails.length ? `; the newest ${emails.length} shown` : ''}.`
      : 'The add-on has sent no email.';
    byId('outbox-list').replaceChildren(
      ...emails.map((m) => {
        const dl = el('dl', {});
        /** @type {(k: string, v: string | undefined) => void} */
        const row = (k, v) => {
          if (v) dl.append(el('dt', { text: k }), el('dd', { text: v }));
        };
        row('From', m.name ? `${m.name} <${m.from}>` : m.from);
        row('To', m.to.join(', '));
        row('Cc', m.cc.join(', '));
        row('Bcc', m.bcc.join(', '));
        row('Reply-To', m.replyTo);
        row('Sent', `${fmtDate(m.at, true)} via ${m.via}`);
        const art = el('article', { className: 'email' }, el('h3', { text: m.subject || '(no subject)' }), dl);
        if (m.htmlBody) {
          // No scripts; a link opens in a new tab, as from Gmail (the web app's, on this server).
          const frame = el('iframe', {
            sandbox: 'allow-popups allow-popups-to-escape-sandbox',
            title: `HTML body of “${m.subject}”`,
            referrerpolicy: 'no-referrer',
          });
          frame.srcdoc = `<base target="_blank">${m.htmlView ?? m.htmlBody}`;
          art.append(frame);
        } else {
          art.append(
            el(
              'pre',
              {},
              ...m.bodyView.map((part) =>
                typeof part === 'string'
                  ? part
                  : el('a', { href: part.href, target: '_blank', rel: 'noopener', text: part.text }),
              ),
            ),
          );
        }
        return art;
      }),
    );
    byId('outbox-count').textContent = total ? String(total) : '';
  }

  async function drawWorkbook() {
    const q = new URLSearchParams();
    if (state.workbookId) q.set('id', state.workbookId);
    q.set('last', [...state.lastRows].join(','));
    const seq = ++drawn.workbook;
    const data = /** @type {WorkbookView} */ (await api(`/api/workbook?${q}`));
    if (seq !== drawn.workbook) return;
    const select = byId('workbook-select');
    select.replaceChildren(
      ...data.workbooks.map((w) =>
        el('option', {
          value: w.id,
          selected: data.workbook && w.id === data.workbook.id,
          text: `${w.name}${w.crm ? ' (the CRM sheet)' : ''}`,
        }),
      ),
    );
    const wrap = byId('workbook-table-wrap');
    const tabsEl = byId('workbook-tabs');
    if (!data.workbook) {
      tabsEl.replaceChildren();
      wrap.replaceChildren();
      byId('workbook-summary').textContent = 'No spreadsheet yet: use the add-on’s setup card.';
      return;
    }
    state.workbookId = data.workbook.id;
    const tabs = data.workbook.tabs;
    if (state.workbookGid !== undefined) {
      const byGid = tabs.find((t) => t.sheetId === state.workbookGid);
      if (byGid) state.workbookTab = byGid.name;
      state.workbookGid = undefined;
    }
    if (!tabs.some((t) => t.name === state.workbookTab) && tabs.length) state.workbookTab = tabs[0].name;
    tabsEl.replaceChildren(
      ...tabs.map((t) => {
        const on = t.name === state.workbookTab;
        const b = el('button', {
          type: 'button',
          role: 'tab',
          'aria-selected': String(on),
          tabindex: on ? '0' : '-1',
          'aria-controls': 'workbook-table-wrap',
          text: t.name,
        });
        b.addEventListener('click', () => {
          state.workbookTab = t.name;
          drawWorkbook();
        });
        return b;
      }),
    );
    const tab = tabs.find((t) => t.name === state.workbookTab);
    if (!tab) {
      wrap.replaceChildren();
      return;
    }
    inputById('workbook-last').checked = state.lastRows.has(tab.name);
    const shown = tab.rows.length;
    const charts = tab.charts.length;
    byId('workbook-summary').textContent =
      `${tab.name}: ${tab.total} row${tab.total === 1 ? '' : 's'}${shown < tab.total ? `; rows ${tab.firstRow}–${tab.firstRow + shown - 1} shown` : ''}${charts ? `; ${charts} chart${charts === 1 ? '' : 's'}` : ''}.`;
    const width = Math.max(tab.headers.length, ...tab.rows.map((r) => r.length));
    const head = el(
      'tr',
      {},
      el('th', { scope: 'col', text: 'Row' }),
      ...Array.from({ length: width }, (_, i) => el('th', { scope: 'col', text: tab.headers[i] || '' })),
    );
    const body = tab.rows.map((r, i) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row', text: String(tab.firstRow + i) }),
        ...Array.from({ length: width }, (_, j) =>
          el('td', { text: r[j] ?? '', title: (r[j] || '').length > 28 ? r[j] : null }),
        ),
      ),
    );
    const table = el(
      'table',
      { className: 'data' },
      el('caption', { text: `${data.workbook.name}: ${tab.name}` }),
      el('thead', {}, head),
      el('tbody', {}, ...body),
    );
    wrap.replaceChildren(...tab.charts.map(chartFigure), table);
  }

  /**
   * An embedded chart above the tab's cells. The SVG comes drawn by the server, inert (no script, no
   * handler, every text escaped), as card HTML does.
   * @param {WorkbookChart} chart
   */
  function chartFigure(chart) {
    const drawing = el('div', { className: 'chart-drawing' });
    drawing.innerHTML = chart.svg;
    return el(
      'figure',
      { className: 'workbook-chart' },
      drawing,
      el('figcaption', {
        className: 'hint',
        text: `${chart.type.toLowerCase()} chart at ${chart.anchor}, reading ${chart.ranges.join(', ')}`,
      }),
    );
  }

  async function drawLast() {
    const seq = ++drawn.last;
    const { last } = /** @type {{ last: Execution | null }} */ (await api('/api/last'));
    if (seq !== drawn.last) return;
    byId('last-execution').replaceChildren(
      ...(last ? executionView(last) : [el('p', { className: 'hint', text: 'Nothing has run yet.' })]),
    );
  }

  /** @param {Execution} x */
  function executionView(x) {
    const head = el(
      'p',
      { className: 'exec-head' },
      el('strong', { text: x.function }),
      el('span', {
        className: x.ok ? 'pass' : 'fail',
        text: x.ok ? 'completed' : `failed: ${x.error ? x.error.message : ''}`,
      }),
      el('span', { text: `${x.kind} execution at ${fmtDate(x.at, true)}` }),
      el('span', { text: `${x.simulatedMs.toLocaleString('en')} ms simulated` }),
      el('span', { text: `${x.callCount} service call${x.callCount === 1 ? '' : 's'}` }),
      el('span', { text: `${x.cpuMs} ms CPU here` }),
      x.sent ? el('span', { text: `${x.sent} email${x.sent === 1 ? '' : 's'} sent` }) : null,
    );
    const rows = Object.entries(x.calls).sort((a, b) => b[1] - a[1]);
    /** @type {HTMLElement[]} */
    const out = [head];
    if (rows.length) {
      out.push(
        el(
          'table',
          { className: 'data' },
          el('caption', { text: 'Service calls' }),
          el(
            'thead',
            {},
            el('tr', {}, el('th', { scope: 'col', text: 'Method' }), el('th', { scope: 'col', text: 'Calls' })),
          ),
          el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('td', { text: k }), el('td', { text: String(v) })))),
        ),
      );
    }
    if (x.logs && x.logs.length)
      out.push(
        el('h3', { className: 'panel-subtitle', text: 'Logs' }),
        el('pre', { className: 'logs', text: x.logs.join('\n') }),
      );
    return out;
  }

  /** @param {number} minutes */
  async function advanceClock(minutes) {
    const out = byId('clock-result');
    out.replaceChildren(el('p', { className: 'hint', text: 'Running…' }));
    try {
      const r = /** @type {{ ok: boolean, now: string, executions: Execution[] }} */ (
        await api('/api/clock', { minutes })
      );
      const items = r.executions.map((x) =>
        el('li', {
          text: `${x.function} at ${fmtDate(x.at, true)}: ${x.ok ? 'completed' : `failed: ${x.error.message}`} (${x.simulatedMs.toLocaleString('en')} ms simulated, ${x.callCount} calls)`,
        }),
      );
      out.replaceChildren(
        el('p', {
          text: `Clock now ${fmtDate(r.now, true)}. ${r.executions.length ? `${r.executions.length} trigger execution${r.executions.length === 1 ? '' : 's'} ran${r.ok ? '' : ', some failed'}.` : 'No trigger was due.'}`,
        }),
        ...(items.length ? [el('ul', { className: 'plain-list' }, ...items)] : []),
      );
      if (!r.ok) toast('A time-driven trigger failed: see the Clock panel.', { error: true });
    } catch (e) {
      out.replaceChildren(el('p', { className: 'addon-error', text: messageOf(e) }));
    }
    afterExecution();
  }

  /** @param {string} fn */
  async function runFunction(fn) {
    const out = byId('clock-result');
    out.replaceChildren(el('p', { className: 'hint', text: `Running ${fn}…` }));
    try {
      const r = /** @type {Execution} */ (await api('/api/run', { function: fn }));
      out.replaceChildren(...executionView(r));
      if (!r.ok) toast(`${fn} failed: ${r.error.message}`, { error: true });
    } catch (e) {
      out.replaceChildren(el('p', { className: 'addon-error', text: messageOf(e) }));
    }
    afterExecution();
  }

  // ------------------------------------------------------------------------------------------
  // Wiring

  function wire() {
    wireCards('sidebar');
    wireCards('compose');
    for (const panel of /** @type {Panel[]} */ (['sidebar', 'compose'])) {
      panels[panel].back.addEventListener('click', () => execute('/api/back', {}, panel));
    }
    byId('message-close').addEventListener('click', () => closeMessage());
    byId('compose-open').addEventListener('click', () => openComposer(true));
    byId('compose-close').addEventListener('click', closeComposer);
    byId('compose-discard').addEventListener('click', closeComposer);
    byId('compose-addon').addEventListener('click', () => runCompose());
    byId('compose-form').addEventListener('submit', (e) => e.preventDefault());

    const tabs = DEV_TABS.map((t) => byId(`tab-${t}`));
    tabs.forEach((tab, i) => {
      tab.addEventListener('click', () => selectDevTab(DEV_TABS[i]));
      tab.addEventListener('keydown', (e) => {
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (e.key === 'Home' || e.key === 'End') {
          e.preventDefault();
          selectDevTab(DEV_TABS[e.key === 'Home' ? 0 : DEV_TABS.length - 1], true);
        } else if (step) {
          e.preventDefault();
          selectDevTab(DEV_TABS[(i + step + DEV_TABS.length) % DEV_TABS.length], true);
        }
      });
    });
    byId('devtools-toggle').addEventListener('click', () => {
      toggleDevtools(!state.devHidden);
      if (!state.devHidden) refreshDev(state.devTab);
    });
    byId('workbook-tabs').addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const buttons = [...byId('workbook-tabs').querySelectorAll('[role="tab"]')];
      const i = buttons.indexOf(/** @type {Element} */ (document.activeElement));
      if (i < 0) return;
      e.preventDefault();
      const next = buttons[(i + (e.key === 'ArrowRight' ? 1 : -1) + buttons.length) % buttons.length];
      state.workbookTab = /** @type {string} */ (next.textContent);
      drawWorkbook().then(() => {
        const tabs = /** @type {NodeListOf<HTMLElement>} */ (byId('workbook-tabs').querySelectorAll('[role="tab"]'));
        const again = [...tabs].find((b) => b.textContent === state.workbookTab);
        if (again) again.focus();
      });
    });
    byId('workbook-select').addEventListener('change', (e) => {
      state.workbookId = /** @type {HTMLSelectElement} */ (e.target).value;
      drawWorkbook();
    });
    byId('workbook-last').addEventListener('change', (e) => {
      if (/** @type {HTMLInputElement} */ (e.target).checked) state.lastRows.add(state.workbookTab);
      else state.lastRows.delete(state.workbookTab);
      drawWorkbook();
    });
    for (const b of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('[data-advance]')))
      b.addEventListener('click', () => advanceClock(Number(b.dataset.advance)));
    byId('run-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const fn = inputById('run-function').value.trim();
      if (fn) runFunction(fn);
    });
    byId('universal-toggle').addEventListener('click', () => toggleUniversalMenu(byId('universal-actions').hidden));
    document.addEventListener('click', (e) => {
      const target = /** @type {Element} */ (e.target);
      if (!byId('universal-actions').hidden && !target.closest('.universal-menu')) toggleUniversalMenu(false);
    });
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      if (!byId('universal-actions').hidden) {
        toggleUniversalMenu(false);
        byId('universal-toggle').focus();
      }
      for (const d of /** @type {NodeListOf<HTMLDetailsElement>} */ (document.querySelectorAll('details[open]')))
        d.open = false;
    });
  }

  async function start() {
    wire();
    try {
      await loadState();
      await loadInbox();
    } catch (e) {
      toast(messageOf(e), { error: true, ms: 30000 });
    }
    await execute('/api/home', {}, 'sidebar');
    document.body.dataset.ready = 'true';
  }

  start();
})();
