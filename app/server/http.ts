import { randomUUID } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Kysely } from "kysely";
import type { Database } from "~db/schema";
import { bodyLimitFor, bodyTypeProblem, hasBody, limitBody, wasCutOff } from "~/lib/body-limits.server";
import { isAllowedRequest, originOf } from "~/lib/csrf.server";
import { sendEdgeRefusal } from "~/lib/edge-refusal.server";
import type { StoopContext } from "~/lib/context.server";
import type { Config } from "~/lib/env.server";
import type { Logger } from "~/lib/logger.server";
import { hostAgreement, publicHostRedirect } from "~/lib/public-host.server";
import { requestUrlProblem } from "~/lib/request-url.server";
import { newNonce, setSecurityHeaders } from "~/lib/security-headers.server";
import { sessionsFor } from "~/modules/accounts/sessions.server";
import { STAND_IN_MOUNT, type PaymentsRuntime } from "~/modules/payments/runtime.server";
import type { LiveStreams } from "./live-streams";

export interface HttpAppOptions {
  payments: PaymentsRuntime;
  build: ServerBuild;
  config: Config;
  db: Kysely<Database>;
  logger: Logger;
  rootDir: string;
  /** The live streams behind GET /events (ADR 045); without them /events answers 503. */
  live?: LiveStreams;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The Express app: security headers and the URL check, static files, request ids and logs, the
 * host redirect, body limits and types, CSRF, the session cookie, then Remix.
 */
export function createHttpApp({ build, config, db, logger, rootDir, payments, live }: HttpAppOptions): express.Express {
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
  const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

  app.use((req: Request, res: Response, next: NextFunction) => {
    // A fresh nonce per answer: only scripts that carry it (Remix's own inline ones) may run inline.
    res.locals.cspNonce = newNonce();
    setSecurityHeaders(res, res.locals.cspNonce as string);
    // Without a trusted proxy, X-Forwarded-Host is whatever the client wrote; Express ignores it
    // then, and so must Remix's Origin check, which would otherwise read it.
    if (config.trustProxy === 0) delete req.headers["x-forwarded-host"];
    const problem = requestUrlProblem(req.originalUrl);
    if (problem) return sendEdgeRefusal(res, problem.status, problem.message);
    next();
  });

  // Fingerprinted build output never changes: cache it for a year. Other public files for an hour.
  app.use("/build", express.static(path.join(rootDir, "public/build"), { immutable: true, maxAge: "1y" }));
  // Only paths that look like files reach the disk: a page request would otherwise cost a stat().
  const publicFiles = express.static(path.join(rootDir, "public"), {
    maxAge: "1h",
    // The service worker must be re-checked on every visit, or a fixed bug would wait an hour (ADR 044).
    setHeaders: (res, filePath) => {
      if (path.basename(filePath) === "sw.js") res.setHeader("Cache-Control", "no-cache");
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    path.extname(req.path) ? publicFiles(req, res, next) : next(),
  );

  app.use((req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get("x-request-id");
    const requestId = config.trustProxy > 0 && incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.locals.logger = logger.child({ requestId });
    res.setHeader("X-Request-Id", requestId);
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
    const target = publicHostRedirect({
      method: req.method,
      target: req.originalUrl,
      hostHeader: req.get("host"),
      publicUrl: config.publicUrl,
      trustProxy: config.trustProxy,
    });
    if (!target) return next();
    res.locals.logger.info({ host: req.get("host") ?? null, publicUrl: config.publicUrl }, "sent to PUBLIC_URL's host");
    res.redirect(302, target);
  });

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!hasBody(req)) return next();
    const machinePath = req.path.startsWith("/v1/") || req.path.startsWith(`${STAND_IN_MOUNT}/`);
    if (BODY_METHODS.has(req.method) && !(standIn && machinePath)) {
      const problem = bodyTypeProblem(req.path, req.get("content-type"));
      if (problem) {
        res.locals.logger.info({ contentType: req.get("content-type") ?? null, path: req.path }, "body type refused");
        res.setHeader("Connection", "close");
        return sendEdgeRefusal(res, problem.status, problem.message);
      }
    }
    limitBody(req, res, bodyLimitFor(req.path, req.get("content-type")), next);
  });

  // Without Stripe keys, the Stripe stand-in answers the SDK's API calls (/v1/…, loopback only)
  // and serves its hosted checkout and onboarding pages under /stripe-stand-in.
  const standIn = payments.standIn;
  if (standIn) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.path.startsWith("/v1/") || req.path.startsWith(`${STAND_IN_MOUNT}/_stand-in/`)) {
        if (!isLoopback(req.socket.remoteAddress)) return res.status(404).end();
        return void standIn.handle(req, res, req.path.replace(STAND_IN_MOUNT, ""));
      }
      if (req.path.startsWith(`${STAND_IN_MOUNT}/`))
        return void standIn.handle(req, res, req.path.slice(STAND_IN_MOUNT.length));
      next();
    });
  }

  app.use((req: Request, res: Response, next: NextFunction) => {
    // Stripe posts webhooks from no origin; the signature check in the payments module guards them.
    if (req.method === "POST" && req.path === "/webhooks/stripe") return next();
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
    if (allowed) return agreeOnHost(req, res, next);
    res.locals.logger.warn({ origin: req.get("origin") ?? null, path: req.path }, "cross-origin request refused");
    res
      .status(403)
      .type("text/plain")
      .send("This form was sent from another site, so Stoop refused it. Go back to Stoop and try again.");
  });

  function agreeOnHost(req: Request, res: Response, next: NextFunction) {
    const agreement = hostAgreement({
      method: req.method,
      origin: req.get("origin"),
      hostHeader: req.get("host"),
      forwardedHost: req.get("x-forwarded-host"),
      trustProxy: config.trustProxy,
    });
    if (agreement.kind === "agrees") return next();
    if (agreement.kind === "use-host") {
      req.headers.host = agreement.host;
      delete req.headers["x-forwarded-host"];
      return next();
    }
    res.locals.logger.warn(
      { origin: req.get("origin") ?? null, host: req.get("host") ?? null, path: req.path },
      "form addressed to another host refused",
    );
    sendEdgeRefusal(res, 403, agreement.message);
  }

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
        remoteAddress: req.socket.remoteAddress ?? null,
        sessions,
        auth: res.locals.auth as StoopContext["auth"],
        payments,
        live: live ?? null,
        cspNonce: res.locals.cspNonce as string,
      }),
    }),
  );

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (wasCutOff(res)) return;
    (res.locals.logger ?? logger).error({ err: error }, "unhandled error");
    if (res.headersSent) return;
    res
      .status(500)
      .type("text/plain")
      .send(`Something went wrong on our side. Please try again. (request ${res.locals.requestId ?? "unknown"})`);
  });

  return app;
}

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}
