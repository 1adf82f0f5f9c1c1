import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './util/project-root.js';

export const TOOL_VERSION: string = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')).version;
