/**
 * What the host processes (app/server.ts, app/worker.ts, the end-to-end harness) take from the built
 * server bundle. app/entry.server.tsx re-exports it, so build/index.js carries it as
 * `entry.module.host` beside the routes: the host imports that one file and nothing else of the
 * app, and every module exists once in memory (docs/architecture.md, "One copy of the app").
 */
export { startStoop, type DemoLogin, type RunningStoop, type StartOptions } from "./start";
export { startJobWorker } from "./job-worker";
export { ConfigError, loadConfig, requirePaymentsConfigured, type Config } from "~/lib/env.server";
export { createLogger, type Logger } from "~/lib/logger.server";
