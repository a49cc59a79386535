import fs from 'node:fs';
import path from 'node:path';
import { renderErrorCodes } from '../scripts/gen-error-docs';

describe('docs/error-codes.md', () => {
  it('matches the error catalog the worker uses', () => {
    const file = fs.readFileSync(path.resolve(__dirname, '..', 'docs', 'error-codes.md'), 'utf8');
    expect(file).toBe(renderErrorCodes());
  });
});
