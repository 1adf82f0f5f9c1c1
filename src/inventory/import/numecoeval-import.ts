/**
 * Reading back `numresp export numecoeval`: DataCenter.csv (data-centre sites and their PUE) before
 * EquipementPhysique.csv, EquipementVirtuel.csv (VMs on their hosts) after, each when it sits beside the file.
 */
import type { Db } from '../../store/database.js';
import { setSitePue, upsertSiteWithUai } from '../../store/sites.js';
import { UserError } from '../../model/errors.js';
import { parseTable } from './decode.js';
import { groupRejections, type Rejection } from './devices-import.js';
import { declareVm } from './vm-import.js';
import { looksLikeFormula, parseNumber } from './values.js';

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

export interface SiblingReport {
  datacentres: number;
  vms: number;
  rejections: (Rejection & { file: string })[];
}

/** Data centres of DataCenter.csv as sites of kind datacenter, with their PUE recorded for the year of `at`. */
export function importNumEcoEvalDatacentres(db: Db, bytes: Uint8Array, file: string, at: string): { count: number; rejections: Rejection[] } {
  const t = parseTable(bytes, file);
  const col = (n: string) => t.header.indexOf(n);
  const [code, name, pue] = ['nomCourtDatacenter', 'nomLongDatacenter', 'pue'].map(col);
  if (code < 0) throw new UserError(`${file}: no nomCourtDatacenter column; is it NumEcoEval's DataCenter.csv?`);
  const rejections: Rejection[] = [];
  let count = 0;
  db.transaction(() => {
    for (const { line, cells } of t.rows) {
      const c = (cells[code] ?? '').trim();
      const n = name >= 0 ? (cells[name] ?? '').trim() : '';
      if (!c) continue;
      if (!CODE_RE.test(c) || looksLikeFormula(n)) {
        rejections.push({ line, reason: `data centre "${c.slice(0, 40)}" is not a usable site code` });
        continue;
      }
      const site = upsertSiteWithUai(db, { code: c, name: n || c, kind: 'datacenter', uai: null, commune: null }).site;
      const p = pue >= 0 ? parseNumber(cells[pue] ?? '') : null;
      if (typeof p === 'number' && p >= 1 && p <= 5) setSitePue(db, site.id, Number(at.slice(0, 4)), p, `NumEcoEval ${file}`);
      else if (p !== null) rejections.push({ line, reason: `pue "${cells[pue]}" is not between 1 and 5` });
      count++;
    }
  })();
  return { count, rejections };
}

/** VMs of EquipementVirtuel.csv on their hosts (by the host's name in the export: serial or uuid:…). */
export function importNumEcoEvalVms(db: Db, bytes: Uint8Array, file: string): { count: number; rejections: Rejection[] } {
  const t = parseTable(bytes, file);
  const col = (n: string) => t.header.indexOf(n);
  const [name, host, vcpu, entity] = ['nomEquipementVirtuel', 'nomEquipementPhysique', 'vCPU', 'nomEntite'].map(col);
  if (name < 0 || host < 0) throw new UserError(`${file}: no nomEquipementVirtuel/nomEquipementPhysique columns; is it NumEcoEval's EquipementVirtuel.csv?`);
  const rejections: Rejection[] = [];
  let count = 0;
  db.transaction(() => {
    for (const { line, cells } of t.rows) {
      const v = vcpu >= 0 ? parseNumber(cells[vcpu] ?? '') : null;
      try {
        declareVm(db, {
          hostSerial: (cells[host] ?? '').trim(),
          name: (cells[name] ?? '').trim(),
          serves: entity >= 0 && cells[entity]?.trim() ? cells[entity].trim() : undefined,
          vcpus: typeof v === 'number' ? v : undefined,
        });
        count++;
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        rejections.push({ line, reason: err.message });
      }
    }
  })();
  return { count, rejections };
}

export { groupRejections };
