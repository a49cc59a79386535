import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The data files are verbatim copies of shared/erpnext/ (read from the v15 sources). The repo's
 * copies are pinned by hash, and compared byte for byte with shared/ wherever it sits beside the
 * repository (the developers' machines and CI).
 */
const FILES = {
  'v15-countries.json': '971f95373ef26558705afe3a396da59f7e598499bf7ec7e4ea0d6358010d0987',
  'v15-doctype-permissions.json': '00b862a5d4c7e1c90f39e5705ec745da3f59fb4513514762adf6f0a8dc5ea21c',
} as const;

const dataDir = resolve(__dirname, '..', 'data');
const sharedDir = resolve(__dirname, '..', '..', '..', '..', 'shared', 'erpnext');

describe('the v15 reference data', () => {
  for (const [file, hash] of Object.entries(FILES)) {
    it(`keeps ${file} exactly as read from the v15 sources`, () => {
      const ours = readFileSync(join(dataDir, file));
      expect(createHash('sha256').update(ours).digest('hex')).toBe(hash);
      if (existsSync(join(sharedDir, file))) expect(ours.equals(readFileSync(join(sharedDir, file)))).toBe(true);
    });
  }
});
