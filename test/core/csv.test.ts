import { parseCsv } from '../../src/core/csv';

describe('parseCsv', () => {
  test('plain comma-separated rows', () => {
    const r = parseCsv('Email,First name\na@x.com,Ana\nb@x.com,Bo\n');
    expect(r.delimiter).toBe(',');
    expect(r.rows).toEqual([
      ['Email', 'First name'],
      ['a@x.com', 'Ana'],
      ['b@x.com', 'Bo'],
    ]);
    expect(r.lines).toEqual([1, 2, 3]);
    expect(r.errors).toEqual([]);
  });

  test('no trailing newline, and an empty last field', () => {
    expect(parseCsv('a,b\n1,').rows).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  test('quoted fields: delimiters, doubled quotes and line breaks inside quotes', () => {
    const r = parseCsv('Name,Note\n"Silva, Ana","She said ""hi"""\n"Bo","line one\nline two"\nCy,x\n');
    expect(r.rows).toEqual([
      ['Name', 'Note'],
      ['Silva, Ana', 'She said "hi"'],
      ['Bo', 'line one\nline two'],
      ['Cy', 'x'],
    ]);
    // The row after a two-line field starts on line 5.
    expect(r.lines).toEqual([1, 2, 3, 5]);
  });

  test('line breaks inside quotes are normalised to \\n', () => {
    expect(parseCsv('a\r\n"x\r\ny\rz"\r\n').rows).toEqual([['a'], ['x\ny\nz']]);
  });

  test('an empty quoted field and a quoted empty row', () => {
    expect(parseCsv('a,b,c\n"",x,""\n').rows).toEqual([
      ['a', 'b', 'c'],
      ['', 'x', ''],
    ]);
  });

  test('strips a UTF-8 byte-order mark', () => {
    const r = parseCsv('\uFEFFEmail,Name\na@x.com,A');
    expect(r.rows[0]).toEqual(['Email', 'Name']);
  });

  test.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ])('accepts %s line ends', (_name, eol) => {
    const r = parseCsv(['h1,h2', '1,2', '3,4'].join(eol) + eol);
    expect(r.rows).toEqual([
      ['h1', 'h2'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(r.lines).toEqual([1, 2, 3]);
  });

  test('detects a semicolon delimiter from the header line', () => {
    const r = parseCsv('Email;Company;MRR\na@x.com;"Acme; Inc";1,5\n');
    expect(r.delimiter).toBe(';');
    expect(r.rows[1]).toEqual(['a@x.com', 'Acme; Inc', '1,5']);
  });

  test('detects a tab delimiter', () => {
    const r = parseCsv('Email\tCompany, Inc\tMRR\na@x.com\tAcme, Inc\t10\n');
    expect(r.delimiter).toBe('\t');
    expect(r.rows[1]).toEqual(['a@x.com', 'Acme, Inc', '10']);
  });

  test('delimiters inside quotes in the header do not count', () => {
    const r = parseCsv('"a;b;c","d;e",f\n1,2,3\n');
    expect(r.delimiter).toBe(',');
    expect(r.rows[0]).toEqual(['a;b;c', 'd;e', 'f']);
    expect(r.rows[1]).toEqual(['1', '2', '3']);
  });

  test('a single-column file defaults to comma', () => {
    const r = parseCsv('Email\na@x.com\nb@x.com');
    expect(r.delimiter).toBe(',');
    expect(r.rows).toEqual([['Email'], ['a@x.com'], ['b@x.com']]);
  });

  test('drops fully blank lines, including lines of empty fields, and keeps line numbers true', () => {
    const r = parseCsv('\n\na,b\n\n1,2\n   \n,,\n" ",""\n3,4\n\n');
    expect(r.rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(r.lines).toEqual([3, 5, 9]);
    expect(r.delimiter).toBe(',');
  });

  test('an unterminated quote is an error naming its line; the rows before it are returned', () => {
    const r = parseCsv('a,b\n1,2\n3,"oops\n5,6\n7,8\n');
    expect(r.rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^Line 3: /);
    expect(r.errors[0]).toMatch(/never closed/);
  });

  test('the error names the line where the quote opens even after multi-line fields', () => {
    const r = parseCsv('a,b\n"x\ny",2\n3,4\n5,"open');
    expect(r.rows).toEqual([
      ['a', 'b'],
      ['x\ny', '2'],
      ['3', '4'],
    ]);
    expect(r.errors[0]).toMatch(/^Line 5: /);
  });

  test('forgiving: spaces before an opening quote, a quote inside an unquoted field, text after a closing quote', () => {
    const r = parseCsv('a,b,c\n1, "x, y" ,5" screen\n"ab"cd,2,3\n');
    expect(r.rows).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', '5" screen'],
      ['abcd', '2', '3'],
    ]);
  });

  test('fields are returned untrimmed; ragged rows are kept as they are', () => {
    const r = parseCsv('a,b,c\n x , y \n1,2,3,4\n');
    expect(r.rows).toEqual([
      ['a', 'b', 'c'],
      [' x ', ' y '],
      ['1', '2', '3', '4'],
    ]);
  });

  test('empty text and only a BOM give no rows and no error', () => {
    expect(parseCsv('')).toEqual({ rows: [], lines: [], delimiter: ',', errors: [] });
    expect(parseCsv('\uFEFF').rows).toEqual([]);
  });

  test('parses 10,000 rows x 10 columns in well under 100 ms', () => {
    const header = Array.from({ length: 10 }, (_, j) => `Column ${j}`).join(',');
    const lines = [header];
    for (let i = 0; i < 10000; i++) {
      const cells = [];
      for (let j = 0; j < 10; j++)
        cells.push(j === 3 ? `"Company ${i}, ""Ltd"""` : j === 5 ? `"multi\nline ${i}"` : `value-${i}-${j}`);
      lines.push(cells.join(','));
    }
    const text = lines.join('\r\n');
    const r = parseCsv(text);
    expect(r.rows).toHaveLength(10001);
    expect(r.rows[10000][3]).toBe('Company 9999, "Ltd"');
    expect(r.rows[10000][5]).toBe('multi\nline 9999');
    expect(r.lines[10000]).toBe(2 * 10000); // header on line 1, each row two lines
  });
});
