import { migration001 } from './001-initial.js';
import { migration002 } from './002-device-lifecycle.js';
import { migration003 } from './003-device-dates.js';
import { migration004 } from './004-device-fleet-index.js';
import { migration005 } from './005-rgesn.js';
import { migration006 } from './006-device-annual-figures.js';
import type { Db } from '../database.js';
import { migration007 } from './007-store-identity.js';
import { migration008 } from './008-push-token-life.js';
import { migration009 } from './009-inventory-vocabulary.js';
import { migration011 } from './011-device-match-quality.js';
import { migration010 } from './010-page-measurements.js';
import { migration012 } from './012-journey-steps.js';
import { migration013 } from './013-device-import-fingerprint.js';
import { migration014 } from './014-fewer-write-indexes.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Data written by the tested domain functions after `sql`, in the same transaction (never arithmetic repeated in SQL). */
  backfill?: (db: Db) => void;
  /** Rebuilds a table others reference (SQLite's 12-step ALTER): run with foreign keys off, checked before commit. */
  foreignKeysOff?: boolean;
}

/** In order. Add a file NNN-name.ts and list it here; never change a shipped one. */
export const migrations: Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014];
