import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer, type StaticServer } from '../../src/util/static-server.js';

/**
 * docs/ci.md's gate commands, run as written (issue 13.4): the lines marked `# numresp-ci-gate` in its code blocks and
 * the file blocks it names, in a temp folder (the store is the default ./numresp.db there, as in a CI job) against a
 * fixture site on 127.0.0.1 given as SITE_URL. `numresp` on the PATH is the built CLI, as `npm install -g` links it.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const doc = readFileSync(join(repo, 'docs', 'ci.md'), 'utf8');

interface Block {
  lang: string;
  body: string;
  /** The file the doc asks to write this block to (`<!-- ci-doc-file: NAME -->` just above it). */
  file: string | null;
}

function codeBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/(?:<!-- ci-doc-file: (\S+) -->\n)?```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ file: m[1] ?? null, lang: m[2], body: m[3] }));
}

/** A marked line as the shell gets it: the YAML list dash and the marker comment left out. */
function gateCommands(block: Block): string[] {
  return block.body
    .split('\n')
    .filter((l) => /#\s*numresp-ci-gate\s*$/.test(l))
    .map((l) => l.replace(/\s+#\s*numresp-ci-gate\s*$/, '').replace(/^\s*(-\s+)?/, ''));
}

const blocks = codeBlocks(doc);
const gitlab = blocks.find((b) => b.lang === 'yaml' && /^ecoindex-gate:/m.test(b.body))!;
const github = blocks.find((b) => b.lang === 'yaml' && /^jobs:/m.test(b.body))!;
const baselineBlock = blocks.find((b) => b.lang === 'sh' && /--baseline/.test(b.body))!;
const files = blocks.filter((b) => b.file);

/** The fixture site: a home page linking to a news page and a contact page; `heavy` makes the news page heavy. */
const state = { heavy: false };
const html = (res: ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="fr"><title>Fixture</title><link rel="icon" href="data:,">${body}`);
};
let site: StaticServer;
let bin: string;
beforeAll(async () => {
  site = await startStaticServer({
    routes: {
      '/': (_q, res) => html(res, '<h1>Accueil</h1><a href="/actualites/une">Actualités</a> <a href="/contact">Contact</a>'),
      '/contact': (_q, res) => html(res, '<h1>Contact</h1><p>04 00 00 00 00</p>'),
      // Heavy: 2,000 elements and 120 images: EcoIndex falls to E or lower, and every budget line is missed.
      '/actualites/une': (_q, res) =>
        html(res, state.heavy ? `<h1>Une</h1>${'<div><span>x</span></div>'.repeat(1000)}${Array.from({ length: 120 }, (_, i) => `<img src="/pixel?${i}" alt="">`).join('')}` : '<h1>Une</h1><p>Texte.</p>'),
      '/pixel': (_q, res) => {
        res.writeHead(200, { 'content-type': 'image/gif' });
        res.end(Buffer.from('R0lGODlhAQABAAAAACw=', 'base64'));
      },
    },
  });
  bin = mkdtempSync(join(tmpdir(), 'numresp-ci-bin-'));
  writeFileSync(join(bin, 'numresp'), `#!/bin/sh\nexec "${process.execPath}" "${join(repo, 'dist', 'bin', 'numresp.js')}" "$@"\n`);
  chmodSync(join(bin, 'numresp'), 0o755);
});
afterAll(() => site.close());

/** Runs one documented line with bash in `cwd`, as a CI job's shell would. */
function sh(command: string, cwd: string): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, SITE_URL: `${site.origin}/` };
  delete env.NUMRESP_DB;
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', command], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function ciFolder(): string {
  const cwd = mkdtempSync(join(tmpdir(), 'numresp-ci-job-'));
  for (const f of files) writeFileSync(join(cwd, f.file!), f.body);
  return cwd;
}

function junit(cwd: string): { tests: number; failures: number; skipped: number; failed: string[] } {
  const xml = readFileSync(join(cwd, 'report.xml'), 'utf8');
  const head = /<testsuites name="numresp" tests="(\d+)" failures="(\d+)" skipped="(\d+)">/.exec(xml)!;
  const failed = [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)">\s*<failure /g)].map((m) => `${m[1].replace(site.origin, '')} ${m[2].replace(/&quot;/g, '"')}`);
  return { tests: Number(head[1]), failures: Number(head[2]), skipped: Number(head[3]), failed };
}

test('docs/ci.md holds a GitLab job, a GitHub job, a budget file and a baseline line, each gate line shaped as an audit', () => {
  expect(files.map((f) => f.file)).toEqual(['budget.json']);
  for (const block of [gitlab, github, baselineBlock]) {
    const [command] = gateCommands(block);
    expect(command).toMatch(/^numresp audit "\$SITE_URL" /);
  }
  expect(gateCommands(gitlab)[0]).toMatch(/--junit report\.xml/);
  expect(gitlab.body).toMatch(/reports:\n\s+junit: report\.xml/);
  // The install lines use what the repository has.
  expect(gitlab.body + github.body).toContain('bash /opt/numresp/.ci/setup');
  expect(existsSync(join(repo, '.ci', 'setup'))).toBe(true);
  expect(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).bin.numresp).toBe('dist/bin/numresp.js');
  // The exit codes table lists the gate's code, the others and no code the CLI does not have.
  const table = [...doc.slice(doc.indexOf('## Exit codes')).matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
  expect(table).toEqual([0, 1, 2, 3, 4, 130]);
});

test('the documented gate commands pass a light site (exit 0) and fail a heavy one (exit 4) with failures in report.xml', async () => {
  const cwd = ciFolder();
  state.heavy = false;
  // Crawl depth 1 from the home page: 3 pages. The budget's "*" line gives 5 testcases per page, "/actualites/*" 2.
  for (const block of [gitlab, github]) {
    const r = await sh(gateCommands(block)[0], cwd);
    expect([r.code, r.stderr]).toEqual([0, expect.not.stringContaining('gate:')]);
    expect(junit(cwd)).toEqual({ tests: 3 * 5 + 2, failures: 0, skipped: 0, failed: [] });
  }

  state.heavy = true;
  // --baseline last: the newest finished run (the GitHub command's): the news page's score falls far beyond noise.
  const b = await sh(gateCommands(baselineBlock)[0], cwd);
  expect(b.code).toBe(4);
  expect(junit(cwd)).toEqual({ tests: 3, failures: 1, skipped: 0, failed: ['/actualites/une no significant regression against run 2'] });

  const r = await sh(gateCommands(gitlab)[0], cwd);
  expect(r.code).toBe(4);
  expect(r.stderr).toContain(`numresp: gate: ${site.origin}/actualites/une: EcoIndex grade D or better, measured grade `);
  expect(junit(cwd).failed).toEqual([
    '/actualites/une EcoIndex grade D or better',
    '/actualites/une budget "*": EcoIndex grade D or better',
    '/actualites/une budget "*": requests ≤ 60',
    '/actualites/une budget "*": DOM ≤ 1500 elements',
    '/actualites/une budget "/actualites/*": EcoIndex score ≥ 40',
    '/actualites/une budget "/actualites/*": check dom-size passes',
  ]);
  rmSync(cwd, { recursive: true, force: true });
}, 300000);

test('--baseline last on a first run (empty store) says so and gates nothing', async () => {
  const cwd = ciFolder();
  state.heavy = true;
  const r = await sh(gateCommands(baselineBlock)[0], cwd);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('numresp: warning: --baseline last: no earlier finished run in the store; nothing to compare with this time');
  expect(junit(cwd)).toEqual({ tests: 0, failures: 0, skipped: 0, failed: [] });
  rmSync(cwd, { recursive: true, force: true });
}, 120000);
