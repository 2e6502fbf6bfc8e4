import * as fs from 'node:fs';
import * as path from 'node:path';
import { render } from '../scripts/docs';

describe('README.md', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

  it('carries the current generated tables (run `npm run docs` after changing the schema or the emulator)', () => {
    expect(render(readme)).toBe(readme);
  });

  it('shows the two commands a new user needs', () => {
    expect(readme).toMatch(/npm start/);
    expect(readme).toMatch(/npm test/);
  });
});
