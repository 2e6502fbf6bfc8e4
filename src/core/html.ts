/**
 * HTML escaping, the one home for it: email bodies, card text and the preview all need a value from
 * the Sheet to show literally, so "<b>Acme</b>" is neither bold nor able to inject a link. All five
 * characters are escaped so the result is safe inside text and inside a quoted attribute alike.
 */
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
