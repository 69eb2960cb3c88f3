/** npm run db:migrate [-- up|down|status|reset] : runs the migrations against the configured database. */
import { openDatabase } from "../index";
import { migrateAllTheWayDown, migrateDown, migrationStatus, prepareDatabase } from "../migrate";
import { ConfigError, loadConfig } from "../../app/lib/env.server";

const command = process.argv[2] ?? "up";

async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    console.log(`database: ${database.kind} (${database.location})`);
    if (command === "up") print(await prepareDatabase(database.db), "already up to date");
    else if (command === "down") print(await migrateDown(database.db), "nothing to revert");
    else if (command === "reset") print(await migrateAllTheWayDown(database.db), "nothing to revert");
    else if (command === "status") {
      for (const migration of await migrationStatus(database.db)) {
        console.log(`${migration.appliedAt ? "applied" : "pending"}  ${migration.name}`);
      }
    } else {
      console.error(`Unknown command "${command}". Use up, down, status or reset.`);
      process.exitCode = 2;
    }
  } finally {
    await database.close();
  }
}

function print(lines: string[], whenEmpty: string) {
  console.log(lines.length > 0 ? lines.join("\n") : whenEmpty);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
