/**
 * Reading a template's merge fields (the rules are in template.ts). Errors name line, column and
 * the text, and keep the text literally, so nothing the author wrote disappears.
 */

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'field'; name: string; fallback: string | null; raw: string };

export interface ParsedTemplate {
  parts: TemplatePart[];
  errors: string[];
}

function position(source: string, index: number): string {
  const before = source.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  const line = before.split('\n').length;
  const column = Array.from(source.slice(lineStart, index)).length + 1;
  return `line ${line}, column ${column}`;
}

function snippet(s: string, max = 30): string {
  const chars = Array.from(s.replace(/\s+/g, ' '));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

export function parseTemplate(source: string): ParsedTemplate {
  const src = String(source ?? '');
  const parts: TemplatePart[] = [];
  const errors: string[] = [];
  let buf = '';
  const flush = () => {
    if (buf) parts.push({ kind: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      buf += src.slice(i);
      break;
    }
    if (open > i && src[open - 1] === '\\') {
      buf += `${src.slice(i, open - 1)}{{`;
      i = open + 2;
      continue;
    }
    buf += src.slice(i, open);
    const close = src.indexOf('}}', open + 2);
    if (close < 0) {
      errors.push(
        `Unclosed merge field at ${position(src, open)}: "${snippet(src.slice(open))}" (close it with }}, or write \\{{ for a literal {{)`,
      );
      buf += src.slice(open);
      break;
    }
    const raw = src.slice(open, close + 2);
    const inner = src.slice(open + 2, close);
    if (/[{}]/.test(inner)) {
      const stray = inner.search(/[{}]/);
      errors.push(
        `Braces inside a merge field at ${position(src, open)}: "${snippet(src.slice(open, open + 2 + stray + 1))}" (a field is {{Column}} or {{Column|fallback}})`,
      );
      buf += '{{';
      i = open + 2;
      continue;
    }
    const bar = inner.indexOf('|');
    const name = (bar < 0 ? inner : inner.slice(0, bar)).trim().replace(/\s+/g, ' ');
    const fallback = bar < 0 ? null : inner.slice(bar + 1).trim();
    if (!name) {
      errors.push(
        `${bar < 0 ? 'Empty merge field' : 'Merge field with no column name'} at ${position(src, open)}: "${snippet(raw)}"`,
      );
      buf += raw;
      i = close + 2;
      continue;
    }
    flush();
    parts.push({ kind: 'field', name, fallback, raw });
    i = close + 2;
  }
  flush();
  return { parts, errors };
}
