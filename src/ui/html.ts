/**
 * Card text is a small HTML subset: a value from the sheet must show literally, so a company named
 * "<b>Acme</b>" is not rendered bold and cannot inject a link.
 */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function bold(s: string): string {
  return `<b>${escapeHtml(s)}</b>`;
}

export function money(amount: number | null, currency: string): string {
  if (amount === null) return '—';
  const rounded = Math.round(amount * 100) / 100;
  const [whole, cents] = rounded.toFixed(2).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${grouped}${cents === '00' ? '' : `.${cents}`}`;
}

export function isoDay(d: Date | null): string {
  return d ? d.toISOString().slice(0, 10) : '—';
}
