import type { CommandModule } from 'yargs';
import { ecoindexCommand } from './ecoindex.js';
import { storeCommand } from './store.js';
import { dashboardCommand } from './dashboard.js';
import { auditCommand } from './audit.js';
import { runsCommand } from './runs.js';
import { resultsCommand } from './results.js';
import { sampleCommand } from './sample.js';
import { sitesCommand } from './sites.js';
import { inventoryCommand } from './inventory.js';
import { energyCommand } from './energy.js';
import { serveCommand } from './serve.js';
import { practicesCommand } from './practices.js';
import { reportCommand } from './report.js';
import { exportCommand } from './export.js';
import { rgesnCommand } from './rgesn.js';
import { workerCommand } from './worker.js';

/** Every CLI command, in the order `--help` lists them. One file per command. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [ecoindexCommand, auditCommand, runsCommand, resultsCommand, sampleCommand, storeCommand, dashboardCommand, practicesCommand, rgesnCommand, reportCommand, exportCommand, sitesCommand, inventoryCommand, energyCommand, serveCommand, workerCommand];
