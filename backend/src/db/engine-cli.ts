/**
 * `npm run engine` prepares the embedded database engine (builds FerretDB if
 * needed) without starting the product, so CI and first-time users can see the
 * slow step on its own.
 */
import path from 'node:path';

import { buildFerretdb, canBuildFerretdb } from './ferretdb-build';
import { findExecutable } from './processes';
import { projectRoot } from './project';

async function main() {
  const toolsDir = path.join(projectRoot(), 'tools', 'bin');
  const existing = findExecutable('mongod', [toolsDir]) ?? findExecutable('ferretdb', [toolsDir]);
  if (existing) {
    console.log(`Database engine: ${existing}`);
    return;
  }
  if (!canBuildFerretdb()) {
    console.log('No mongod, ferretdb or Go on this machine: the product will use mongodb-memory-server,');
    console.log('which downloads MongoDB on first use (this needs access to fastdl.mongodb.org).');
    return;
  }
  const binary = await buildFerretdb(toolsDir, (line) => console.log(line));
  console.log(`Database engine: ${path.relative(process.cwd(), binary)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
