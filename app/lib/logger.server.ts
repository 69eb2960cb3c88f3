import pino from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs; every request gets a child logger carrying its request id. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "stoop" },
    redact: { paths: ["password", "*.password", "headers.cookie", "*.headers.cookie"], remove: true },
  });
}
