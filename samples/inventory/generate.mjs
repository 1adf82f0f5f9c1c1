#!/usr/bin/env node
// Deterministic generator of fleet CSVs in the numresp template, for the demo sample and the benchmark.
//   node samples/inventory/generate.mjs sample            → rewrites samples/inventory/*.csv (the committed demo)
//   node samples/inventory/generate.mjs bench N OUT.csv   → N devices spread over generated sites (benchmark input)
// Models are real names from the Boavizta dataset (so they match), plus a few that do not (type default).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let seed = 20260601;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];

const MODELS = {
  desktop: [['Dell', 'OptiPlex 7090'], ['Dell', 'OptiPlex 3080 Small Form Factor'], ['Dell', 'OptiPlex 5090 Tower'], ['HP', 'ProDesk 400 G7 Microtower'], ['Lenovo', 'ThinkCentre M70q Gen 2']],
  monitor: [['Dell', 'P2422H'], ['Dell', 'E2222H'], ['Dell', 'P2419H'], ['Iiyama', 'ProLite XU2493HS']],
  laptop: [['Dell', 'Latitude 5420'], ['Dell', 'Latitude 3520'], ['Lenovo', 'ThinkPad L14 Gen 2'], ['HP', 'ProBook 450 G8']],
  'thin-client': [['Dell', 'Wyse 5070'], ['HP', 't640 Thin Client']],
  printer: [['Lexmark', 'MS431dn'], ['Kyocera', 'ECOSYS M3145dn']],
  network: [['Cisco', 'Catalyst 9200-24P'], ['Aruba', 'AP-505']],
  tablet: [['Apple', 'iPad (9th generation) Wi-Fi 64GB'], ['Samsung', 'Galaxy Tab A8']],
  server: [['Dell', 'PowerEdge R640'], ['Dell', 'PowerEdge R740'], ['HPE', 'ProLiant DL380 Gen10']],
};
const STATUS = [['in-service', 0.86], ['in-stock', 0.05], ['redeployed', 0.04], ['refurbished', 0.02], ['d3e', 0.025], ['lost', 0.005]];
function status() {
  let r = rand();
  for (const [s, p] of STATUS) if ((r -= p) < 0) return s;
  return 'in-service';
}
function date(minYear, maxYear) {
  const y = minYear + Math.floor(rand() * (maxYear - minYear + 1));
  const m = 1 + Math.floor(rand() * 12);
  const d = 1 + Math.floor(rand() * 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const HEADER = 'site,type,manufacturer,model,serial,purchase_date,status,lifetime_years,name,uuid,refurbished';
function row(site, type, serial, name, opts = {}) {
  const [manufacturer, model] = pick(MODELS[type]);
  const refurbished = opts.refurbished ?? (rand() < 0.06 ? 'yes' : 'no');
  const lifetime = opts.lifetime ?? (rand() < 0.3 ? pick([5, 6, 7, 8]) : '');
  return [site, type, manufacturer, model, serial, date(opts.from ?? 2014, opts.to ?? 2025), opts.status ?? status(), lifetime, name, '', refurbished].join(',');
}

function sample() {
  const out = dirname(fileURLToPath(import.meta.url));
  const lines = [HEADER];
  let n = 0;
  const sn = (prefix) => `${prefix}-${String(++n).padStart(5, '0')}`;
  const school = (code, desktops, laptops, thin) => {
    for (let i = 0; i < desktops; i++) {
      lines.push(row(code, 'desktop', sn(code), `${code}-PC-${i + 1}`));
      lines.push(row(code, 'monitor', sn(code), `${code}-ECR-${i + 1}`));
    }
    for (let i = 0; i < laptops; i++) lines.push(row(code, 'laptop', sn(code), `${code}-PORT-${i + 1}`));
    for (let i = 0; i < thin; i++) lines.push(row(code, 'thin-client', sn(code), `${code}-TC-${i + 1}`));
    for (let i = 0; i < 3; i++) lines.push(row(code, 'printer', sn(code), `${code}-IMP-${i + 1}`));
    for (let i = 0; i < 4; i++) lines.push(row(code, 'network', sn(code), `${code}-NET-${i + 1}`));
    for (let i = 0; i < 6; i++) lines.push(row(code, 'tablet', sn(code), `${code}-TAB-${i + 1}`));
  };
  school('LYC-JM', 30, 10, 6);
  school('LYC-MC', 26, 8, 0);
  school('LYC-VH', 20, 12, 8);
  for (let i = 0; i < 20; i++) lines.push(row('SIEGE', 'laptop', sn('SIEGE'), `SIEGE-PORT-${i + 1}`, { from: 2018 }));
  for (let i = 0; i < 20; i++) lines.push(row('SIEGE', 'monitor', sn('SIEGE'), `SIEGE-ECR-${i + 1}`, { from: 2018 }));
  for (let i = 0; i < 4; i++) lines.push(row('SIEGE', 'printer', sn('SIEGE'), `SIEGE-IMP-${i + 1}`));
  for (let i = 0; i < 10; i++) {
    lines.push(row('DC-01', 'server', `DC01-SRV-${String(i + 1).padStart(2, '0')}`, `esx-${i + 1}`, { status: i < 9 ? 'in-service' : 'in-stock', lifetime: 6, from: 2017, to: 2024, refurbished: 'no' }));
  }
  for (let i = 0; i < 4; i++) lines.push(row('DC-01', 'network', sn('DC01'), `DC01-SW-${i + 1}`, { status: 'in-service', refurbished: 'no' }));
  writeFileSync(join(out, 'fleet.csv'), lines.join('\n') + '\n');

  // VMs on the data-centre hosts and the site each serves (vCPUs share the host).
  const vms = ['host_serial,name,serves,vcpus'];
  const served = ['LYC-JM', 'LYC-MC', 'LYC-VH', 'SIEGE', 'SIEGE', 'DC-01'];
  for (let h = 1; h <= 9; h++) {
    for (let v = 0; v < 4; v++) vms.push(`DC01-SRV-${String(h).padStart(2, '0')},vm-${h}-${v + 1},${pick(served)},${pick([2, 4, 8])}`);
  }
  writeFileSync(join(out, 'vms.csv'), vms.join('\n') + '\n');

  // Monthly site meters for 2025, and two servers with smart-PDU readings.
  const energy = ['site,device,period_start,period_end,kwh,source'];
  const monthly = { 'LYC-JM': 5200, 'LYC-MC': 4100, 'LYC-VH': 4600, SIEGE: 2300, 'DC-01': 9800 };
  for (const [site, base] of Object.entries(monthly)) {
    for (let m = 1; m <= 12; m++) {
      const winter = [1, 2, 3, 11, 12].includes(m) ? 1.25 : [7, 8].includes(m) ? 0.35 : 1;
      const start = `2025-${String(m).padStart(2, '0')}-01`;
      const end = m === 12 ? '2026-01-01' : `2025-${String(m + 1).padStart(2, '0')}-01`;
      energy.push(`${site},,${start},${end},${Math.round(base * winter * (0.9 + rand() * 0.2))},compteur`);
    }
  }
  for (const serial of ['DC01-SRV-01', 'DC01-SRV-02']) {
    energy.push(`,${serial},2025-01-01,2025-07-01,${Math.round(800 + rand() * 200)},PDU`);
    energy.push(`,${serial},2025-07-01,2026-01-01,${Math.round(800 + rand() * 200)},PDU`);
  }
  writeFileSync(join(out, 'energy-readings.csv'), energy.join('\n') + '\n');
  console.log(`fleet.csv: ${lines.length - 1} devices; vms.csv: ${vms.length - 1}; energy-readings.csv: ${energy.length - 1}`);
}

function bench(count, file) {
  const types = ['desktop', 'desktop', 'monitor', 'monitor', 'laptop', 'laptop', 'thin-client', 'printer', 'network', 'tablet'];
  const lines = [HEADER];
  for (let i = 0; i < count; i++) {
    const site = `LYC-${String(1 + (i % 200)).padStart(3, '0')}`;
    lines.push(row(site, types[i % types.length], `B-${String(i).padStart(7, '0')}`, `PC-${i}`));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'sample') sample();
else if (mode === 'bench') bench(Number(a), b);
else {
  console.error('usage: generate.mjs sample | bench N OUT.csv');
  process.exit(2);
}
