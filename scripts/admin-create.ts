/** npm run admin:create -- email@example.com : creates an admin, or promotes an existing member. */
import { openDatabase } from "../db/index";
import { prepareDatabase } from "../db/migrate";
import { ConfigError, loadConfig } from "../app/lib/env.server";
import { InvalidInput } from "../app/lib/errors";
import { createOrPromoteAdmin } from "../app/modules/admin/admin-accounts.server";

const TOTP_NOTE =
  "Two-factor sign-in is required for admins: they set it up at their first sign-in, before any admin page opens.";

async function main() {
  const email = process.argv[2];
  if (!email || process.argv.length > 3) {
    console.error("Usage: npm run admin:create -- email@example.com");
    process.exit(2);
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await prepareDatabase(database.db);
    const result = await createOrPromoteAdmin(database.db, email);
    if (result.outcome === "created") {
      console.log(`Created the admin account ${result.email}.`);
      console.log(`Temporary password (shown once; change it in Settings after signing in): ${result.password}`);
    } else if (result.outcome === "promoted") {
      console.log(`Promoted the existing member ${result.email} to admin; their password is unchanged.`);
    } else {
      console.log(`${result.email} is already an admin; nothing changed.`);
    }
    console.log(TOTP_NOTE);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof InvalidInput) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
