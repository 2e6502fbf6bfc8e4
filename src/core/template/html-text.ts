import { decodeEntities, sanitiseHtml } from './html-sanitise';

const BLOCKS = new Set(['p', 'div', 'blockquote', 'h1', 'h2', 'h3', 'ul', 'ol']);

/** The plain-text alternative of HTML: paragraphs and breaks kept, links as `text (url)`, entities decoded. */
export function htmlToText(html: string): string {
  const s = sanitiseHtml(html).replace(/[ \t\r\n\f]+/g, ' ');
  let out = '';
  const lists: Array<{ ordered: boolean; n: number }> = [];
  const links: Array<{ href: string; start: number }> = [];
  const re = /<(\/?)([a-z0-9]+)([^>]*)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    out += decodeEntities(s.slice(last, m.index));
    last = re.lastIndex;
    const closing = m[1] === '/';
    const name = m[2];
    if (name === 'br') out += '\n';
    else if (name === 'hr') out += '\n\n';
    else if (name === 'ul' || name === 'ol') {
      if (closing) lists.pop();
      else lists.push({ ordered: name === 'ol', n: 0 });
      out += '\n\n';
    } else if (name === 'li' && !closing) {
      const l = lists[lists.length - 1];
      const bullet = l && l.ordered ? `${++l.n}. ` : '- ';
      out += `\n${'  '.repeat(Math.max(0, lists.length - 1))}${bullet}`;
    } else if (name === 'li') continue;
    else if (BLOCKS.has(name)) out += '\n\n';
    else if (name === 'a') {
      if (!closing) {
        const href = /href="([^"]*)"/.exec(m[3]);
        links.push({ href: href ? decodeEntities(href[1]) : '', start: out.length });
      } else {
        const link = links.pop();
        if (link && link.href) {
          const label = out.slice(link.start).trim();
          const target = link.href.replace(/^mailto:/i, '');
          if (label !== link.href && label !== target) out += ` (${target})`;
        }
      }
    }
  }
  out += decodeEntities(s.slice(last));
  return out
    .replace(/\u00a0/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '')
    .replace(/^ +| +$/g, '');
}
