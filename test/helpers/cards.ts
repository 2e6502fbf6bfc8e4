/** Every string in a card or action-response JSON, joined: for asserting what a person would read. */
export function cardText(json: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(json);
  return out.join('\n');
}

/**
 * The card a person sees after an action response (the last card it pushes or updates: a response
 * that rebuilds the stack pushes the cards under it first), a universal action's first card, or the
 * card itself.
 */
export function firstCard(json: any): any {
  const navs = json?.renderActions?.action?.navigations;
  if (navs) {
    let top: any;
    for (const n of navs) top = n.pushCard ?? n.updateCard ?? top;
    if (top) return top;
  }
  return Array.isArray(json) ? json[0] : json;
}

/** The text of the card's section under this header, alone (empty when the card has none). */
export function sectionText(json: unknown, header: string): string {
  const sections = (firstCard(json) as { sections?: Array<{ header?: string }> }).sections ?? [];
  return cardText(sections.find((s) => s.header === header));
}

/** The parameters a card's button carries to `fn` (the first such button): what a real click sends. */
export function actionParams(json: unknown, fn: string): Record<string, string> {
  const [first] = everyActionParams(json, fn);
  if (!first) throw new Error(`no button calls ${fn}`);
  return first;
}

/** The parameters of every button of a card that calls `fn`, in card order (several offers, several templates). */
export function everyActionParams(json: unknown, fn: string): Array<Record<string, string>> {
  const all = JSON.stringify(json).matchAll(new RegExp(`"function":"${fn}","parameters":(\\[[^\\]]*\\])`, 'g'));
  return [...all].map((m) =>
    Object.fromEntries((JSON.parse(m[1]) as Array<{ key: string; value: string }>).map((p) => [p.key, p.value])),
  );
}

export function notification(json: any): string | undefined {
  return json?.renderActions?.action?.notification?.text;
}

/** Strings of the fields a card renders as HTML (decorated text, paragraphs, section headers). */
export function formattedTexts(json: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key = '') => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (
          (key === 'decoratedText' && ['text', 'topLabel', 'bottomLabel'].includes(k)) ||
          (key === 'textParagraph' && k === 'text')
        ) {
          if (typeof x === 'string') out.push(x);
        } else walk(x, k);
      }
    }
  };
  walk(json);
  return out;
}

/**
 * What tapping the first widget or button whose text contains `text` runs: its function and
 * parameters, as a real click sends them; null when nothing with that text can be tapped.
 */
export function clickOf(json: unknown, text: string): { fn: string; params: Record<string, string> } | null {
  let found: { fn: string; params: Record<string, string> } | null = null;
  const walk = (v: unknown) => {
    if (found || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as {
      text?: unknown;
      onClick?: { action?: { function: string; parameters?: Array<{ key: string; value: string }> } };
    };
    if (typeof o.text === 'string' && o.text.includes(text) && o.onClick?.action) {
      const a = o.onClick.action;
      found = { fn: a.function, params: Object.fromEntries((a.parameters ?? []).map((p) => [p.key, p.value])) };
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(json);
  return found;
}
