/**
 * Runs the background jobs without the web server, for deployments that scale them apart:
 *
 *   JOBS_IN_PROCESS=false npm start      # web processes
 *   npm run worker                       # one or more job processes
 *
 * Needs PostgreSQL (DATABASE_URL): the embedded PGlite database belongs to one process. Like
 * app/server.ts it takes everything of the app from the built bundle (npm run build first).
 */
import { loadBuiltHost, NoBuildError } from "./server/built-host";

async function main() {
  const { host } = await loadBuiltHost();
  let config;
  try {
    config = host.loadConfig();
  } catch (error) {
    if (error instanceof host.ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { databaseUrl } = config;
  if (!databaseUrl) {
    console.error(
      "npm run worker needs DATABASE_URL (PostgreSQL): the embedded database can only be opened by one process, " +
        "so with it the jobs run inside the web server (npm start).",
    );
    process.exit(1);
  }
  const logger = host.createLogger(config.logLevel);
  const worker = await host.startJobWorker({ ...config, databaseUrl }, logger);
  logger.info("job worker started");
  const stop = async () => {
    await worker.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof NoBuildError ? error.message : error);
  process.exit(1);
});
