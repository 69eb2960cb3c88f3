/** npm run seed : migrates, then loads the demo members into the configured database. */
import { openDatabase } from "../index";
import { prepareDatabase } from "../migrate";
import { seedDemoData } from "../seed";
import { ConfigError, loadConfig } from "../../app/lib/env.server";

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await prepareDatabase(database.db);
    for (const login of await seedDemoData(database.db, { dataDir: config.dataDir }))
      console.log(`${login.email}  ${login.password}  (${login.role})`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
