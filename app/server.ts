/**
 * Starts Stoop from the command line (npm start / npm run demo):
 *
 *   node --import tsx app/server.ts [--seed-demo]
 *
 * Everything of the app comes from the built bundle (build/index.js): importing app modules here
 * would load a second copy of them beside the bundle's (docs/architecture.md, "One copy of the app").
 */
import type { DemoLogin, StartOptions } from "./server/host.server";
import { loadBuiltHost, NoBuildError, rootDir } from "./server/built-host";

async function main() {
  const { build, host } = await loadBuiltHost().catch((error: unknown) => {
    if (error instanceof NoBuildError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  });
  let config;
  try {
    config = host.loadConfig();
    host.requirePaymentsConfigured(config);
  } catch (error) {
    if (error instanceof host.ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = host.createLogger(config.logLevel);
  const stoop = await host.startStoop(config, logger, {
    build,
    rootDir,
    seedDemo: process.argv.includes("--seed-demo") ? await demoSeed() : undefined,
  });

  const lines = [
    "",
    `  Stoop is running at ${stoop.url}`,
    `  database: ${stoop.database.kind === "pglite" ? `embedded PGlite in ${stoop.database.location}` : stoop.database.location}`,
    `  payments: ${
      stoop.payments.standIn
        ? "local Stripe stand-in, not real money (PAYMENTS=stand-in; test card 4242 4242 4242 4242 succeeds)"
        : `Stripe (${stoop.payments.testMode ? "test" : "live"} keys)`
    }`,
  ];
  if (!config.smtpUrl) {
    // A newcomer who signs up locally otherwise waits for an email that never leaves the machine.
    lines.push(
      `  email: not sent (no SMTP_URL); read it at ${stoop.url}/dev/mailbox ${
        config.trustProxy > 0
          ? "as an admin with two-factor sign-in (behind a proxy nobody counts as local)"
          : "from a browser on this machine (or as an admin with two-factor sign-in)"
      }`,
    );
  }
  if (stoop.demoLogins.length > 0) {
    lines.push("  demo logins:");
    for (const login of stoop.demoLogins)
      lines.push(`    ${login.email.padEnd(30)} ${login.password}   (${login.role})`);
  }
  console.log([...lines, ""].join("\n"));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    await stoop.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/**
 * The demo data is built with the test factories (one set feeds tests and seeds), which are not part
 * of the app: tsx loads them only for the demo, so `npm start` and the bundle never carry them. They
 * bring their own copies of the few modules they use; those only write rows through the database
 * handle the bundle opened, before the first request is served.
 */
async function demoSeed(): Promise<StartOptions["seedDemo"]> {
  const { seedDemoData } = await import("../db/seed");
  return (db, options): Promise<DemoLogin[]> => seedDemoData(db, options);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `Stoop failed to start: ${error.message}` : error);
  process.exit(1);
});
