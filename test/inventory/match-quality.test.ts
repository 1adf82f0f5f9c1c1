import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as run } from '../faults/cli.js';

// Issue 17.3: the quality of each device's Boavizta match is stored, shown by `inventory show` and counted by
// `inventory summary`. The expected qualities follow from the dataset's names: "Latitude 5420" is a row name
// (exact); "OptiPlex 5090" only starts three row names (prefix); "Écran P2422H" matches "P2422H Monitor" only once
// the French generic word is dropped; "Foo 9000" matches nothing.
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'numresp-match-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('match quality per device in inventory show, counted in inventory summary', async () => {
  const db = join(dir, 'm.db');
  const csv = join(dir, 'fleet.csv');
  writeFileSync(
    csv,
    [
      'site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid',
      'LYC-A,laptop,Dell,Latitude 5420,MQ-1,2022-01-10,in-service,5,PC1,',
      'LYC-A,monitor,Dell,Écran P2422H,MQ-2,2022-01-10,in-service,5,E1,',
      'LYC-A,desktop,Dell,OptiPlex 5090,MQ-3,2022-01-10,in-service,5,PC2,',
      'LYC-A,desktop,Acme,Foo 9000,MQ-4,2022-01-10,in-service,5,PC3,',
      'LYC-A,laptop,Dell,Latitude 5420,MQ-5,2022-01-10,in-service,5,PC4,',
    ].join('\n') + '\n',
  );
  expect((await run(['sites', 'add', 'LYC-A', '--name', 'Lycée A', '--kind', 'lycee', '--db', db])).status).toBe(0);
  expect((await run(['inventory', 'import', csv, '--db', db])).status).toBe(0);
  const expected: Record<string, string> = { 'MQ-1': 'exact', 'MQ-2': 'generic-words-removed', 'MQ-3': 'prefix', 'MQ-4': 'none' };
  for (const [serial, quality] of Object.entries(expected)) {
    const shown = await run(['inventory', 'show', serial, '--db', db]);
    expect([serial, shown.stdout.match(/Boavizta model match (\S+)/)?.[1]]).toEqual([serial, quality]);
    const json = JSON.parse((await run(['inventory', 'show', serial, '--db', db, '--json'])).stdout);
    expect(json.lc_match_quality).toBe(quality === 'none' ? null : quality);
  }
  const summary = JSON.parse((await run(['inventory', 'summary', '--db', db, '--json'])).stdout);
  expect(summary.boaviztaMatches).toEqual({ exact: 2, prefix: 1, genericWordsRemoved: 1, none: 1 });
}, 60000);
