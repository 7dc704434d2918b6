/**
 * `npm run engine` prepares the embedded database engine (builds FerretDB if
 * needed) without starting the product, so CI and first-time users can see the
 * slow step on its own. It chooses as the launcher (engine.ts) does.
 */
import path from 'node:path';

import { projectRoot } from '../project';
import { buildFerretdb, canBuildFerretdb } from './ferretdb-build';
import { findExecutable } from './processes';

async function main() {
  const toolsDir = path.join(projectRoot(), 'tools', 'bin');
  const mongod = findExecutable('mongod', [toolsDir]);
  if (mongod) {
    console.log(`Database engine: ${mongod}`);
    return;
  }
  if (canBuildFerretdb()) {
    const binary = await buildFerretdb(toolsDir, (line) => console.log(line));
    console.log(`Database engine: ${path.relative(process.cwd(), binary)}`);
    return;
  }
  const ferretdb = findExecutable('ferretdb', [toolsDir]);
  if (ferretdb) {
    console.log(`Database engine: ${ferretdb} (without Whistle412's patches: install Go to build the patched one)`);
    return;
  }
  console.log('No mongod, ferretdb or Go on this machine: the product will use mongodb-memory-server,');
  console.log('which downloads MongoDB on first use (this needs access to fastdl.mongodb.org).');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
