/**
 * Starts Stoop from the command line (npm start / npm run demo):
 *
 *   node --import tsx app/server.ts [--seed-demo]
 */
import { ConfigError, loadConfig, requirePaymentsConfigured } from "~/lib/env.server";
import { createLogger } from "~/lib/logger.server";
import { startStoop } from "./server/start";

async function main() {
  let config;
  try {
    config = loadConfig();
    requirePaymentsConfigured(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const stoop = await startStoop(config, logger, { seedDemo: process.argv.includes("--seed-demo") });

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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `Stoop failed to start: ${error.message}` : error);
  process.exit(1);
});
