import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Format, Report } from './model.js';
import { writeCsv } from './render/csv.js';
import { renderHtml } from './render/html.js';
import { writePdf } from './render/pdf.js';

/** Writes the asked formats into `dir`: report.html, report.pdf, csv/<table>.csv, report.json. Returns the files. */
export async function writeReport(report: Report, dir: string, formats: readonly Format[]): Promise<string[]> {
  const files: string[] = [];
  if (formats.includes('json')) {
    const file = join(dir, 'report.json');
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    files.push(file);
  }
  if (formats.includes('csv')) files.push(...writeCsv(report, join(dir, 'csv')));
  if (formats.includes('html')) {
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(report));
    files.push(file);
  }
  if (formats.includes('pdf')) {
    const file = join(dir, 'report.pdf');
    await writePdf(report, file);
    files.push(file);
  }
  return files;
}
