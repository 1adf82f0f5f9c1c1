import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { ExitCode, formatZodIssue, UserError } from '../../model/errors.js';
import { nowIso, openStore } from '../../store/database.js';
import { findDevice, moveDevice } from '../../store/device-identity.js';
import { deviceStatusHistory, deviceWithLifecycle } from '../../store/devices.js';
import { getSiteByCode } from '../../store/sites.js';
import { importDevices, MappingSchema, type DeviceImportReport } from '../../inventory/import/devices-import.js';
import { PRESETS, type Preset } from '../../inventory/import/presets.js';
import { readImportFile } from '../../inventory/import/read-file.js';
import { declareVm, importVmDeclarations } from '../../inventory/import/vm-import.js';
import { importNumEcoEvalDatacentres, importNumEcoEvalVms } from '../../inventory/import/numecoeval-import.js';
import type { DateOrder } from '../../inventory/import/values.js';
import { fleetSummary } from '../../inventory/summary.js';
import { fleetScenario } from '../../inventory/scenario.js';
import { recomputeLifecycle } from '../../inventory/save.js';
import { loadInventorySample } from '../../inventory/sample.js';
import { summaryCsv, summaryText, scenarioCsv, scenarioText } from '../../inventory/format.js';
import { defaultSpoolDir, drainSpool, pushWithRetry, spoolReport } from '../../inventory/push-agent.js';
import { DEVICE_TYPES, REFURBISHED_EMBODIED_SHARE, type DeviceType } from '../../scoring/factors.js';
import { withDb } from '../common-options.js';
import { printJson } from '../output.js';

function readInput(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UserError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function withGrid<T>(y: Argv<T>) {
  return y.option('grid-kg-per-kwh', {
    type: 'number',
    describe: 'electricity factor, kgCO2e/kWh (default: French grid 0.098, 2019, Boavizta after Scarlat et al. 2022)',
  });
}

function checkGrid(v: number | undefined): number | undefined {
  if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 2)) throw new UserError(`--grid-kg-per-kwh must be between 0 and 2, got ${v}`);
  return v;
}

function printRejections(r: { rejections: { line: number; reason: string }[] }, max = 50): void {
  for (const x of r.rejections.slice(0, max)) console.error(`  line ${x.line}: ${x.reason}`);
  if (r.rejections.length > max) console.error(`  … and ${r.rejections.length - max} more (use --json for all)`);
}

/** What an import did beyond its counts: columns dropped or ignored, guesses, grouped rejections. */
function printImportDetails(r: DeviceImportReport, maxGroups = 20, maxWarnings = 30): void {
  if (r.personalColumnsDropped.length) console.log(`  personal data not stored (columns dropped): ${r.personalColumnsDropped.map((c) => `"${c}"`).join(', ')}`);
  if (r.userColumnHashed) console.log(`  user column "${r.userColumnHashed}" kept as an HMAC with the store's secret (--keep-users), never in clear`);
  if (r.ignoredColumns.length) console.log(`  columns ignored (nothing numresp reads): ${r.ignoredColumns.map((c) => `"${c}"`).join(', ')}`);
  if (r.dateOrder.settledBy !== 'no short dates') console.log(`  dates read as ${r.dateOrder.order.toUpperCase()} (${r.dateOrder.settledBy === 'option' ? '--date-format' : 'settled by the values'})`);
  const vmsAs = r.vms.read === 1 ? 'virtual machine recorded as a VM, not a device' : 'virtual machines recorded as VMs, not devices';
  if (r.vms.read) console.log(`  ${r.vms.read} ${vmsAs} (${r.vms.imported} new, ${r.vms.updated} updated, ${r.vms.unchanged} unchanged)`);
  for (const s of r.sitesCreated) console.log(`  site created: ${s.code} (${s.kind}) "${s.name}"`);
  // A fix is a --mapping line (JSON) or, when no mapping settles it, a sentence.
  for (const w of r.warnings.slice(0, maxWarnings)) {
    console.log(`  warning: ${w.count} × ${w.message}${w.fix ? `; to fix: ${w.fix.startsWith('{') ? `--mapping ${w.fix}` : w.fix}` : ''}`);
  }
  // A free-text type column can hold thousands of distinct words: the first ones, the rest in --json.
  if (r.warnings.length > maxWarnings) console.log(`  … and ${r.warnings.length - maxWarnings} more warnings (use --json for all)`);
  for (const g of r.rejectionGroups.slice(0, maxGroups)) {
    console.error(`  rejected ${g.count} × ${g.reason} (line${g.count > 1 ? 's' : ''} ${g.lines.join(', ')}${g.count > g.lines.length ? ', …' : ''})`);
  }
  if (r.rejectionGroups.length > maxGroups) console.error(`  … and ${r.rejectionGroups.length - maxGroups} more reasons (use --json for all)`);
}

interface ImportArgs {
  file: string;
  preset?: Preset;
  mapping?: string;
  'dry-run': boolean;
  json: boolean;
  site?: string;
  type?: DeviceType;
  'create-sites': boolean;
  'keep-users': boolean;
  'date-format'?: DateOrder;
  db: string;
}
const importCmd: CommandModule<object, ImportArgs> = {
  command: 'import <file>',
  describe: 'Import devices from a GLPI, OCS Inventory, Snipe-IT, NumEcoEval or numresp CSV export',
  builder: (y) =>
    withDb(y)
      .positional('file', { type: 'string', demandOption: true })
      .option('preset', { choices: PRESETS, describe: 'export format (default: detected from the header)' })
      .option('mapping', { type: 'string', describe: 'JSON file: {"columns": {field: header}, "types": {...}, "statuses": {...}, "sites": {...}}' })
      .option('site', { type: 'string', describe: 'site code for every row (instead of the file’s location column)' })
      .option('type', { choices: DEVICE_TYPES, describe: 'device type for every row (e.g. a GLPI Monitors export)' })
      .option('create-sites', { type: 'boolean', default: false, describe: 'create the sites the file names (kind from the name) instead of rejecting their rows' })
      .option('keep-users', { type: 'boolean', default: false, describe: 'keep the user column as an HMAC (store secret); people columns are dropped otherwise' })
      .option('date-format', { choices: ['dmy', 'mdy', 'ymd'] as const, describe: 'order of short dates when the file cannot settle it' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'check and count, store nothing' })
      .option('json', { type: 'boolean', default: false, describe: 'print counts and rejections as JSON' })
      .example('$0 inventory import glpi.csv --preset glpi', '')
      .example('$0 inventory import ocs-export.csv --create-sites', '') as never,
  handler: (a) => {
    const bytes = readImportFile(a.file);
    let mapping;
    if (a.mapping) {
      let raw: unknown;
      try {
        raw = JSON.parse(readInput(a.mapping, 'mapping').toString('utf8'));
      } catch (err) {
        if (err instanceof UserError) throw err;
        throw new UserError(`--mapping ${a.mapping} is not JSON: ${(err as Error).message}`);
      }
      const parsed = MappingSchema.safeParse(raw);
      if (!parsed.success) {
        throw new UserError(`--mapping ${a.mapping}: ${formatZodIssue(parsed.error)}`);
      }
      mapping = parsed.data;
    }
    const db = openStore(a.db);
    let r: DeviceImportReport;
    // NumEcoEval's EquipementPhysique.csv: its DataCenter.csv and EquipementVirtuel.csv are read too when beside it.
    // Any column order: the header line names nomEquipementPhysique (as detectPreset decides for the rows).
    const numecoeval = a.preset === 'numecoeval' || (!a.preset && /(^|[;,"\ufeff])nomEquipementPhysique("|;|,|\r?$)/.test(bytes.subarray(0, 4096).toString('utf8').split('\n')[0]));
    const siblings: { file: string; count: number; rejections: { line: number; reason: string }[] }[] = [];
    try {
      if (numecoeval) {
        const dc = join(dirname(a.file), 'DataCenter.csv');
        if (existsSync(dc)) siblings.push({ file: dc, ...importNumEcoEvalDatacentres(db, readImportFile(dc), dc, new Date().toISOString()) });
      }
      r = importDevices(db, bytes, {
        readInWorker: true,
        fileLabel: a.file,
        preset: a.preset,
        mapping,
        dryRun: a['dry-run'],
        siteCode: a.site,
        forceType: a.type,
        createSites: a['create-sites'],
        keepUsers: a['keep-users'],
        dateFormat: a['date-format'],
        onBusy: (m) => console.error(`numresp: ${m}`),
        ...(numecoeval ? { createSites: true, preset: 'numecoeval' as const } : {}),
      });
      if (numecoeval && !a['dry-run']) {
        const ev = join(dirname(a.file), 'EquipementVirtuel.csv');
        if (existsSync(ev)) siblings.push({ file: ev, ...importNumEcoEvalVms(db, readImportFile(ev), ev) });
      }
    } finally {
      db.close();
    }
    if (a.json) printJson(r);
    else {
      console.log(
        `${a['dry-run'] ? '[dry run] ' : ''}${r.file} (${r.preset}, ${r.encoding}, "${r.delimiter === '\t' ? '\\t' : r.delimiter}"): ` +
          `${r.read} read, ${r.imported} imported, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected`,
      );
      printImportDetails(r);
      for (const sib of siblings) {
        console.log(`  ${sib.file}: ${sib.count} read back`);
        for (const x of sib.rejections) console.error(`  ${sib.file} line ${x.line}: ${x.reason}`);
      }
    }
    if (siblings.some((x) => x.rejections.length)) process.exitCode = ExitCode.PartialFailure;
    if (r.rejected > 0) process.exitCode = ExitCode.PartialFailure;
  },
};

interface SummaryArgs { site?: string[]; at?: string; json?: boolean; csv?: boolean; 'grid-kg-per-kwh'?: number; db: string }
const summaryCmd: CommandModule<object, SummaryArgs> = {
  command: 'summary',
  describe: 'Fleet counts, ages, reuse, D3E, embodied vs use footprint, energy estimated vs measured',
  builder: (y) =>
    withGrid(withDb(y))
      .option('site', { type: 'string', array: true, describe: 'site code(s) (default: all)' })
      .option('at', { type: 'string', describe: 'reference date YYYY-MM-DD, meaning the end of that day: devices owned then, their status and age (default: now)' })
      .option('json', { type: 'boolean', describe: 'print the whole summary as JSON' })
      .option('csv', { type: 'boolean', describe: 'per-site and per-type lines as CSV' })
      .conflicts('json', 'csv') as never,
  handler: (a) => {
    const db = openStore(a.db, { readonly: false });
    try {
      const s = fleetSummary(db, { siteCodes: a.site, at: a.at, gridKgPerKwh: checkGrid(a['grid-kg-per-kwh']) });
      if (a.json) printJson(s);
      else if (a.csv) process.stdout.write(summaryCsv(s));
      else console.log(summaryText(s));
    } finally {
      db.close();
    }
  },
};

interface ScenarioArgs {
  'extend-lifetime': number;
  refurbished: boolean;
  'refurbished-embodied-share': number;
  site?: string[];
  at?: string;
  json?: boolean;
  csv?: boolean;
  'grid-kg-per-kwh'?: number;
  db: string;
}
const scenarioCmd: CommandModule<object, ScenarioArgs> = {
  command: 'scenario',
  describe: 'Change in annual footprint per type and site if devices were kept longer and/or bought refurbished',
  builder: (y) =>
    withGrid(withDb(y))
      .option('extend-lifetime', { type: 'number', default: 0, describe: 'years added to every lifetime' })
      .option('refurbished', { type: 'boolean', default: false, describe: 'buy refurbished instead of new' })
      .option('refurbished-embodied-share', {
        type: 'number',
        default: REFURBISHED_EMBODIED_SHARE.value,
        describe: 'embodied share of a refurbished device (ADEME 2022: 0.13)',
      })
      .option('site', { type: 'string', array: true })
      .option('at', { type: 'string' })
      .option('json', { type: 'boolean', describe: 'print JSON' })
      .option('csv', { type: 'boolean', describe: 'print CSV' })
      .conflicts('json', 'csv')
      .check((a) => {
        if (a['extend-lifetime'] === 0 && !a.refurbished) throw new UserError('give --extend-lifetime N and/or --refurbished');
        return true;
      })
      .example('$0 inventory scenario --extend-lifetime 2', '') as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      const r = fleetScenario(db, {
        extendLifetimeYears: a['extend-lifetime'],
        refurbished: a.refurbished,
        refurbishedEmbodiedShare: a['refurbished-embodied-share'],
        siteCodes: a.site,
        at: a.at,
        gridKgPerKwh: checkGrid(a['grid-kg-per-kwh']),
      });
      if (a.json) printJson(r);
      else if (a.csv) process.stdout.write(scenarioCsv(r));
      else console.log(scenarioText(r));
    } finally {
      db.close();
    }
  },
};

interface CollectArgs { site?: string; out?: string; push?: string; token?: string; json: boolean; from?: string; spool?: string; retries: number }
const collectCmd: CommandModule<object, CollectArgs> = {
  command: 'collect',
  describe: 'Inventory this machine (systeminformation); write it to a file, push it to numresp serve, or print it',
  builder: (y) =>
    y
      .option('site', { type: 'string', describe: 'site code to record' })
      .option('out', { type: 'string', describe: 'write the JSON report to this file' })
      .option('push', { type: 'string', describe: 'numresp serve URL, e.g. http://127.0.0.1:8787' })
      .option('token', { type: 'string', describe: 'bearer token of the site (numresp serve token add SITE); env NUMRESP_TOKEN' })
      .option('from', { type: 'string', describe: 'with --push: send this report (written by collect --out) instead of collecting' })
      .option('spool', { type: 'string', describe: 'with --push: folder keeping reports not yet delivered (default ~/.local/state/numresp/spool)' })
      .option('retries', { type: 'number', default: 5, describe: 'with --push: retries (with backoff) while the server is unreachable or busy' })
      .option('json', { type: 'boolean', default: true })
      .conflicts('out', 'push')
      .check((a) => {
        if (a.push) {
          let u: URL;
          try {
            u = new URL(a.push);
          } catch {
            throw new UserError(`--push ${a.push} is not a URL`);
          }
          if (!/^https?:$/.test(u.protocol)) throw new UserError('--push must be an http(s) URL');
          if (!(a.token ?? process.env.NUMRESP_TOKEN)) throw new UserError('--push needs --token (or env NUMRESP_TOKEN)');
        }
        if (a.from && !a.push) throw new UserError('--from is for --push: it sends a report written by collect --out');
        if (!(Number.isInteger(a.retries) && a.retries >= 0 && a.retries <= 20)) throw new UserError('--retries must be a whole number 0–20');
        return true;
      }) as never,
  handler: async (a) => {
    let report: unknown;
    if (a.from) {
      try {
        report = JSON.parse(readFileSync(a.from, 'utf8'));
      } catch (err) {
        throw new UserError(`cannot read report ${a.from}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    } else {
      // Loaded here: systeminformation is only needed by this command, not by every CLI start.
      const { collectMachine } = await import('../../../collectors/hardware/collect.js');
      report = await collectMachine({ site: a.site ?? null });
    }
    if (a.out) {
      const r = report as { type: string; identity: { serial: string | null; uuid: string | null } };
      writeFileSync(a.out, JSON.stringify(report, null, 2) + '\n');
      console.log(`wrote ${a.out} (${r.type}, serial ${r.identity.serial ?? 'unknown'}, uuid ${r.identity.uuid ?? 'unknown'})`);
      return;
    }
    if (a.push) return pushCollected(a.push, (a.token ?? process.env.NUMRESP_TOKEN)!, report, a.spool ?? defaultSpoolDir(), a.retries);
    printJson(report);
  },
};

/** Sends what waits in the spool, then this report; keeps it in the spool if it cannot be delivered. */
async function pushCollected(url: string, token: string, report: unknown, spoolDir: string, retries: number): Promise<void> {
  const retry = { attempts: retries + 1, onRetry: (m: string) => console.error(`numresp: ${m}`) };
  const spooled = await drainSpool(spoolDir, url, token, retry);
  if (spooled.sent) console.log(`sent ${spooled.sent} spooled report(s) from ${spoolDir}`);
  for (const r of spooled.refused) console.error(`numresp: spooled report ${r.file} refused by the server (${r.error}); dropped`);
  if (spooled.left) {
    const file = spoolReport(spoolDir, report);
    throw new UserError(`${url} still cannot take reports; this one is kept in ${file} with ${spooled.left} other(s) and will be sent on the next run`, ExitCode.PartialFailure);
  }
  const outcome = await pushWithRetry(url, token, report, retry);
  if (outcome.kind === 'stored') {
    const dropped = outcome.answer.body.dropped?.length ? ` (server dropped personal fields: ${outcome.answer.body.dropped.join(', ')})` : '';
    console.log(`pushed to ${url}: device ${outcome.answer.body.id} ${outcome.answer.body.outcome}${dropped}`);
    return;
  }
  if (outcome.kind === 'refused') {
    throw new UserError(`server refused the report (${outcome.answer.status}): ${outcome.answer.body.error ?? ''}`, ExitCode.BadInput);
  }
  const file = spoolReport(spoolDir, report);
  throw new UserError(`report not delivered (${outcome.reason}); kept in ${file}, sent on the next run`, ExitCode.PartialFailure);
}

interface VmAddArgs { host: string; name: string; serves?: string; vcpus?: number; db: string; json: boolean }
const vmAdd: CommandModule<object, VmAddArgs> = {
  command: 'add <host> <name>',
  describe: 'Declare a VM on a data-centre host (by serial) and the site it serves',
  builder: (y) =>
    withDb(y)
      .positional('host', { type: 'string', demandOption: true, describe: 'serial number of the host' })
      .positional('name', { type: 'string', demandOption: true })
      .option('serves', { type: 'string', describe: 'code of the site this VM serves' })
      .option('vcpus', { type: 'number', describe: 'vCPUs, to share the host by vCPU' })
      .option('json', { type: 'boolean', default: false, describe: 'print the declared VM and the outcome as JSON' }) as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      const outcome = declareVm(db, { hostSerial: a.host, name: a.name, serves: a.serves, vcpus: a.vcpus });
      if (a.json) return printJson({ host: a.host, name: a.name, serves: a.serves ?? null, vcpus: a.vcpus ?? null, outcome });
      console.log(`vm ${a.name} on ${a.host}${a.serves ? ` serving ${a.serves}` : ''}: ${outcome}`);
    } finally {
      db.close();
    }
  },
};

const vmImport: CommandModule<object, { file: string; db: string; json: boolean }> = {
  command: 'import <file>',
  describe: 'Declare VMs from a CSV: host_serial,name,serves,vcpus',
  builder: (y) => withDb(y).positional('file', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false }) as never,
  handler: (a) => {
    const bytes = readImportFile(a.file);
    const db = openStore(a.db);
    let r;
    try {
      r = importVmDeclarations(db, bytes, a.file);
    } finally {
      db.close();
    }
    if (a.json) printJson(r);
    else {
      console.log(`${a.file}: ${r.read} read, ${r.imported} imported, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejections.length} rejected`);
      for (const g of r.rejectionGroups) console.error(`  rejected ${g.count} × ${g.reason} (line${g.count > 1 ? 's' : ''} ${g.lines.join(', ')}${g.count > g.lines.length ? ', …' : ''})`);
    }
    if (r.rejections.length) process.exitCode = ExitCode.PartialFailure;
  },
};

const vmCmd: CommandModule = {
  command: 'vm <command>',
  describe: 'Virtual machines on data-centre hosts, for allocating host footprints to served sites',
  builder: (y) => y.command(vmAdd).command(vmImport).demandCommand(1),
  handler: () => undefined,
};

const recomputeCmd: CommandModule<object, { db: string; json: boolean }> = {
  command: 'recompute',
  describe: 'Recompute every device’s lifecycle figures (after an upgrade of the factors)',
  builder: (y) => withDb(y).option('json', { type: 'boolean', default: false, describe: 'print the count as JSON' }) as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      const recomputed = recomputeLifecycle(db);
      if (a.json) return printJson({ recomputed });
      console.log(`recomputed ${recomputed} devices`);
    } finally {
      db.close();
    }
  },
};

const showCmd: CommandModule<object, { id: string; json: boolean; db: string }> = {
  command: 'show <id>',
  describe: 'One device (by serial, uuid, or name when it has no usable serial): facts, what the import guessed, lifecycle figures with their sources, status history',
  builder: (y) => withDb(y).positional('id', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false }) as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      // A device without a usable serial is identified by its name (uuid "name:NAME", issue 11).
      const d = deviceWithLifecycle(db, a.id) ?? deviceWithLifecycle(db, `name:${a.id}`);
      if (!d) throw new UserError(`no device with serial or uuid ${a.id} (nor one identified by that name)`);
      const history = deviceStatusHistory(db, d.id as number);
      if (a.json) return printJson({ ...d, hardware_json: d.hardware_json ? JSON.parse(d.hardware_json as string) : null, history });
      const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 100) / 100 : (v ?? '—'));
      console.log(
        [
          `${d.type} ${d.manufacturer ?? '?'} ${d.model ?? '?'} — serial ${d.serial ?? '—'}, uuid ${d.uuid ?? '—'}, name ${d.name ?? '—'}`,
          `site ${d.site_code ?? '—'}, status ${d.status}, purchased ${d.purchase_date ?? 'unknown'}, warranty end ${d.warranty_end ?? '—'}, bought refurbished: ${d.refurbished ? 'yes' : 'no'}`,
          // What the import read or guessed (the raw words are kept).
          ...(d.identity_note ? [`identity: ${d.identity_note}`] : []),
          ...(d.type_raw || d.type_note ? [`type ${d.type}: ${[d.type_raw ? `the export says "${d.type_raw}"` : '', (d.type_note as string | null) ?? ''].filter(Boolean).join('; ')}`] : []),
          ...(d.status_raw ? [`status ${d.status}: the export says "${d.status_raw}"`] : []),
          `embodied ${round(d.lc_embodied_kg)} kgCO2e (${d.lc_embodied_source}${d.lc_embodied_match ? `: ${d.lc_embodied_match}` : ''})`,
          `Boavizta model match ${d.lc_match_quality ?? 'none'}`,
          `lifetime ${round(d.lc_lifetime_years)} years (${d.lc_lifetime_source}), ends ${d.lc_end_date ?? '—'}; ${round(d.lc_yearly_kwh)} kWh/year (${d.lc_kwh_source})`,
          `method ${d.lc_method}; source ${d.source}, updated ${d.updated_at}`,
          'history:',
          ...history.map((h) => `  ${h.changedAt ?? 'date unknown'}  ${h.status}${h.note ? `  (${h.note})` : ''}`),
        ].join('\n'),
      );
    } finally {
      db.close();
    }
  },
};

const moveCmd: CommandModule<object, { device: string; site: string; json: boolean; db: string }> = {
  command: 'move <device> <site>',
  describe: "Move a device (id, serial or uuid) to another site: an operator's act, which a push token cannot do",
  builder: (y) =>
    withDb(y)
      .positional('device', { type: 'string', demandOption: true })
      .positional('site', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean', default: false, describe: 'print the move as JSON' }) as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      const site = getSiteByCode(db, a.site);
      if (!site) throw new UserError(`unknown site ${a.site}; add it with numresp sites add`);
      const d = findDevice(db, a.device);
      if (!d) throw new UserError(`no device with id, serial or uuid ${a.device}`);
      const moved = d.siteId !== site.id;
      if (moved) moveDevice(db, d.id, site.id, nowIso());
      if (a.json) return printJson({ device: d.id, from: d.siteCode ?? null, to: site.code, moved });
      if (!moved) return console.log(`device ${d.id} is already in ${site.code}`);
      console.log(`moved device ${d.id} from ${d.siteCode ?? '(no site)'} to ${site.code}`);
    } finally {
      db.close();
    }
  },
};

const sampleCmd: CommandModule<object, { json: boolean; db: string }> = {
  command: 'sample',
  describe: 'Load the demo fleet (samples/inventory): 3 lycées, an office, a data centre with PUE and VMs, energy readings',
  builder: (y) => withDb(y).option('json', { type: 'boolean', default: false, describe: 'print the loaded counts as JSON' }) as never,
  handler: (a) => {
    const db = openStore(a.db);
    try {
      const r = loadInventorySample(db);
      if (a.json) return printJson(r);
      console.log(
        `sample fleet: ${r.fleet.imported + r.fleet.updated + r.fleet.unchanged} devices from fleet.csv, ` +
          `${r.glpi.imported + r.glpi.updated + r.glpi.unchanged} from the GLPI export, ${r.vms} VMs, ${r.energy.read} energy readings`,
      );
    } finally {
      db.close();
    }
  },
};

export const inventoryCommand: CommandModule = {
  command: 'inventory <command>',
  describe: 'Equipment inventory: import, collect, lifecycle summary and scenarios',
  builder: (y) => y.command(importCmd).command(collectCmd).command(summaryCmd).command(scenarioCmd).command(vmCmd).command(showCmd).command(moveCmd).command(recomputeCmd).command(sampleCmd).demandCommand(1),
  handler: () => undefined,
};
