/**
 * CSV text into rows of strings, forgiving of what spreadsheets and CRMs really export: RFC 4180
 * quoting (doubled quotes, line breaks inside quotes), a UTF-8 byte-order mark, CRLF, LF or CR line
 * ends, and comma-, semicolon- or tab-separated files (guessed from the header line). Fully blank
 * lines (nothing but delimiters and spaces) are dropped. Fields are returned as written, untrimmed;
 * the import planner trims.
 */
export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvResult {
  rows: string[][];
  /** 1-based line of the source text on which each row starts (rows can span lines inside quotes). */
  lines: number[];
  delimiter: CsvDelimiter;
  /** Problems in words, naming the line; rows before a problem are still returned. */
  errors: string[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;

export function parseCsv(input: string): CsvResult {
  const src = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(src);
  const d = delimiter.charCodeAt(0);
  const n = src.length;
  const rows: string[][] = [];
  const lines: number[] = [];
  const errors: string[] = [];

  let row: string[] = [];
  let rowBlank = true;
  let rowLine = 1;
  let line = 1;
  let i = 0;

  for (;;) {
    // One field starts at i. Spaces before an opening quote are tolerated (`a, "b, c"`).
    let j = i;
    while (j < n && src.charCodeAt(j) === SPACE) j++;
    let value: string;
    if (j < n && src.charCodeAt(j) === QUOTE) {
      const openLine = line;
      let k = j + 1;
      let close = -1;
      let doubled = false;
      for (;;) {
        const q = src.indexOf('"', k);
        if (q < 0) break;
        if (q + 1 < n && src.charCodeAt(q + 1) === QUOTE) {
          doubled = true;
          k = q + 2;
          continue;
        }
        close = q;
        break;
      }
      if (close < 0) {
        errors.push(
          `Line ${openLine}: a quoted field is never closed (the quote opens on line ${openLine}); this line and everything after it were not read`,
        );
        return { rows, lines, delimiter, errors };
      }
      value = src.slice(j + 1, close);
      if (doubled) value = value.replace(/""/g, '"');
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        line += countLineBreaks(value);
        if (value.indexOf('\r') >= 0) value = value.replace(/\r\n?/g, '\n');
      }
      k = close + 1;
      // Anything between the closing quote and the next delimiter is kept as written (`"5" screen`),
      // except plain trailing spaces.
      let m = k;
      while (m < n) {
        const c = src.charCodeAt(m);
        if (c === d || c === LF || c === CR) break;
        m++;
      }
      if (m > k) {
        const tail = src.slice(k, m);
        if (tail.trim()) value += tail;
      }
      i = m;
    } else {
      let m = i;
      while (m < n) {
        const c = src.charCodeAt(m);
        if (c === d || c === LF || c === CR) break;
        m++;
      }
      value = src.slice(i, m);
      i = m;
    }
    row.push(value);
    if (rowBlank && value.trim() !== '') rowBlank = false;

    if (i < n && src.charCodeAt(i) === d) {
      i++;
      continue;
    }
    // End of the row: a line break or the end of the text.
    if (!rowBlank) {
      rows.push(row);
      lines.push(rowLine);
    }
    if (i >= n) break;
    i += src.charCodeAt(i) === CR && i + 1 < n && src.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    row = [];
    rowBlank = true;
    rowLine = line;
  }
  return { rows, lines, delimiter, errors };
}

/** Line breaks (CRLF, LF or a lone CR) in s. */
function countLineBreaks(s: string): number {
  let count = 0;
  for (let p = 0; p < s.length; p++) {
    const c = s.charCodeAt(p);
    if (c === LF) count++;
    else if (c === CR && s.charCodeAt(p + 1) !== LF) count++;
  }
  return count;
}

/**
 * The delimiter that occurs most often, outside quotes, on the header line; comma on a tie or when
 * the header is a single column.
 */
function detectDelimiter(src: string): CsvDelimiter {
  let comma = 0;
  let semicolon = 0;
  let tab = 0;
  let quoted = false;
  for (let p = 0; p < src.length; p++) {
    const c = src.charCodeAt(p);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF || c === CR) {
      // A blank first line says nothing; keep looking for the header.
      if (comma + semicolon + tab > 0 || src.slice(0, p).trim() !== '') break;
    } else if (c === 44) comma++;
    else if (c === 59) semicolon++;
    else if (c === 9) tab++;
  }
  if (tab > comma && tab >= semicolon) return '\t';
  if (semicolon > comma) return ';';
  return ',';
}
