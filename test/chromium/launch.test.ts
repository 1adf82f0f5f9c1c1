import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM_FLAGS,
  chromiumArgs,
  findBrowserExecutable,
  launchBrowser,
  sweepStaleProfiles,
} from '../../src/chromium/launch.js';
import { UserError } from '../../src/model/errors.js';

// The one Chromium launcher, shared by the audit collectors and the PDF report (issue 10.2).
const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin', 'numresp.js');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'numresp-launch-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('executable lookup', () => {
  test('CHROME_PATH wins over PUPPETEER_EXECUTABLE_PATH and the usual places', () => {
    const fake = join(work, 'my-chrome');
    writeFileSync(fake, '');
    expect(findBrowserExecutable({ CHROME_PATH: fake, PUPPETEER_EXECUTABLE_PATH: '/nope' }, ['/usr/bin/env'])).toBe(fake);
    expect(findBrowserExecutable({ PUPPETEER_EXECUTABLE_PATH: fake }, ['/usr/bin/env'])).toBe(fake);
    expect(findBrowserExecutable({}, ['/nope/chromium', fake])).toBe(fake);
  });

  test('a CHROME_PATH that does not exist is a one-line UserError naming it and .ci/setup', () => {
    const err = catchError(() => findBrowserExecutable({ CHROME_PATH: '/nope/chromium' }));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain('CHROME_PATH=/nope/chromium does not exist');
    expect(err.message).toContain('.ci/setup');
    expect(err.message).not.toContain('\n');
  });

  test('no Chromium anywhere is a one-line UserError naming CHROME_PATH and .ci/setup', () => {
    const err = catchError(() => findBrowserExecutable({}, ['/nope/a', '/nope/b']));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/^no Chromium found \(looked at \/nope\/a, \/nope\/b\); .*\.ci\/setup.*CHROME_PATH/);
  });
});

describe('flags', () => {
  test('no background traffic; --no-sandbox only as root', () => {
    for (const flag of ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']) {
      expect(CHROMIUM_FLAGS).toContain(flag);
    }
    expect(chromiumArgs(['--x'], false)).toEqual([...CHROMIUM_FLAGS, '--x']);
    expect(chromiumArgs([], true)).toEqual([...CHROMIUM_FLAGS, '--no-sandbox']);
  });
});

describe('profiles', () => {
  test('a launch uses a temporary profile that is removed on close', async () => {
    const browser = await launchBrowser();
    try {
      expect(browser.userDataDir.startsWith(join(tmpdir(), `numresp-chromium-${process.pid}-`))).toBe(true);
      expect(existsSync(browser.userDataDir)).toBe(true);
      expect(browser.version).toMatch(/Chrom/);
    } finally {
      await browser.close();
    }
    expect(existsSync(browser.userDataDir)).toBe(false);
  }, 60_000);

  test('the sweep removes profiles of dead processes and keeps those of live ones', () => {
    const dir = mkdtempSync(join(work, 'tmp-'));
    // A pid that has exited: a child we ran to completion.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    mkdirSync(join(dir, `numresp-chromium-${dead}-abc`));
    mkdirSync(join(dir, `numresp-chromium-${process.pid}-def`));
    mkdirSync(join(dir, 'something-else'));
    sweepStaleProfiles(dir);
    expect(readdirSync(dir).sort()).toEqual([`numresp-chromium-${process.pid}-def`, 'something-else']);
  });
});

describe('commands without Chromium: one line, exit 2', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
      cwd: work,
      env: { ...process.env, CHROME_PATH: join(work, 'no-chromium-here') },
      timeout: 60_000,
    });

  test.each([
    ['audit', ['audit', 'http://127.0.0.1:9/', '--db', 'a.db']],
    ['report', ['report', '--db', 'r.db', '--format', 'pdf', '--out', 'r-out']],
    ['sample', ['sample', '--db', 's.db', '--out', 's-out']],
  ])('%s', (_name, args) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('numresp: ') && !l.includes('sample site served'));
    expect(lines).toEqual([expect.stringMatching(/^numresp: CHROME_PATH=.*no-chromium-here does not exist; .*\.ci\/setup/)]);
    expect(r.stderr).not.toMatch(/internal error/);
  }, 60_000);

  test('a CHROME_PATH that is not a browser fails the PDF with one line, exit 2, after the other formats', () => {
    const notABrowser = join(work, 'not-a-browser');
    writeFileSync(notABrowser, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    expect(spawnSync(process.execPath, [cli, 'store', 'migrate', '--db', 'r2.db'], { cwd: work }).status).toBe(0);
    const r = spawnSync(process.execPath, [cli, 'report', '--db', 'r2.db', '--format', 'html,pdf', '--out', 'r2-out'], {
      encoding: 'utf8',
      cwd: work,
      env: { ...process.env, CHROME_PATH: notABrowser },
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^numresp: cannot start Chromium at .*not-a-browser: .*\.ci\/setup/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(work, 'r2-out', 'report.html'))).toBe(true);
  }, 60_000);
});

function catchError(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
