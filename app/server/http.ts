import { randomUUID } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { isAllowedRequest, originOf } from "~/lib/csrf.server";
import type { StoopContext } from "~/lib/context.server";
import type { Config } from "~/lib/env.server";
import type { Logger } from "~/lib/logger.server";
import { sessionsFor } from "~/modules/accounts/sessions.server";

export interface HttpAppOptions {
  build: ServerBuild;
  config: Config;
  db: Kysely<Database>;
  logger: Logger;
  rootDir: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The Express app: static files, request ids and logs, CSRF, the session cookie, then Remix. */
export function createHttpApp({ build, config, db, logger, rootDir }: HttpAppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // A hop count, never `true`: with `true` a client could forge X-Forwarded-For and dodge per-IP limits.
  if (config.trustProxy > 0) app.set("trust proxy", config.trustProxy);

  const sessions = sessionsFor(db, {
    cookieName: config.sessionCookie.name,
    secureCookie: config.sessionCookie.secure,
    days: config.sessionCookie.days,
    secret: config.sessionSecret,
  });
  const publicOrigin = originOf(config.publicUrl);

  // Fingerprinted build output never changes: cache it for a year. Other public files for an hour.
  app.use("/build", express.static(path.join(rootDir, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(rootDir, "public"), { maxAge: "1h" }));

  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get("x-request-id");
    const requestId = config.trustProxy > 0 && incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.locals.logger = logger.child({ requestId });
    res.setHeader("X-Request-Id", requestId);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      res.locals.logger.info(
        { method: req.method, path: req.path, status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10 },
        "request",
      );
    });
    next();
  });

  app.use((req: Request, res: Response, next: NextFunction) => {
    // One-click unsubscribe (RFC 8058) is POSTed by mail apps from no origin at all; its signed
    // token is the authorisation.
    if (req.method === "POST" && req.path.startsWith("/email/unsubscribe/")) return next();
    const allowedOrigins = [publicOrigin, `${req.protocol}://${req.get("host")}`.toLowerCase()].filter(
      (origin): origin is string => Boolean(origin),
    );
    const allowed = isAllowedRequest({
      method: req.method,
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
      allowedOrigins,
    });
    if (allowed) return next();
    res.locals.logger.warn({ origin: req.get("origin") ?? null, path: req.path }, "cross-origin request refused");
    res
      .status(403)
      .type("text/plain")
      .send("This form was sent from another site, so Stoop refused it. Go back to Stoop and try again.");
  });

  app.all(
    "*",
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const auth = await sessions.validate(req.get("cookie") ?? null);
        if (auth.setCookie) res.append("Set-Cookie", auth.setCookie);
        res.locals.auth = { user: auth.user, token: auth.token };
        next();
      } catch (error) {
        next(error);
      }
    },
    createRequestHandler({
      build,
      mode: config.nodeEnv === "development" ? "development" : "production",
      getLoadContext: (req, res) => ({
        db,
        config,
        logger: res.locals.logger as Logger,
        requestId: res.locals.requestId as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        sessions,
        auth: res.locals.auth as StoopContext["auth"],
      }),
    }),
  );

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    (res.locals.logger ?? logger).error({ err: error }, "unhandled error");
    if (res.headersSent) return;
    res
      .status(500)
      .type("text/plain")
      .send(`Something went wrong on our side. Please try again. (request ${res.locals.requestId ?? "unknown"})`);
  });

  return app;
}
