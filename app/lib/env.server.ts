import path from "node:path";
import { z } from "zod";

/**
 * The only place that reads `process.env`. Everything else imports `loadConfig()`'s result,
 * so a bad value stops the server at boot with one line naming the variable.
 */

const booleanString = z
  .enum(["true", "false", "1", "0"], { message: 'expected "true" or "false"' })
  .transform((value) => value === "true" || value === "1");

const postgresUrl = z.string().refine((value) => /^postgres(ql)?:\/\//.test(value), {
  message: "expected a postgres:// or postgresql:// connection URL",
});

const S3_VARIABLES = ["S3_BUCKET", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const;

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    PORT: z.coerce
      .number({ message: "expected a port number" })
      .int("expected a whole port number")
      .min(0, "expected a port between 0 and 65535")
      .max(65535, "expected a port between 0 and 65535")
      .default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    PUBLIC_URL: z.url({ message: "expected an absolute http(s) URL, e.g. https://stoop.example" }).optional(),
    DATABASE_URL: postgresUrl.optional(),
    DATA_DIR: z.string().min(1).default("./data"),
    SESSION_SECRET: z.string().min(32, "expected at least 32 characters of random text").optional(),
    HANDOVER_SECRET: z.string().min(32, "expected at least 32 characters of random text").optional(),
    SESSION_COOKIE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, "expected letters, digits, _ or - only")
      .default("stoop_session"),
    SESSION_COOKIE_SECURE: booleanString.optional(),
    SESSION_DAYS: z.coerce
      .number({ message: "expected a number of days" })
      .int("expected a whole number of days")
      .min(1, "expected at least 1 day")
      .max(365, "expected at most 365 days")
      .default(30),
    TRUST_PROXY: z.coerce
      .number({ message: "expected the number of reverse proxies in front of Stoop (0 when none)" })
      .int("expected a whole number of proxies")
      .min(0, "expected 0 or more proxies")
      .max(10, "expected at most 10 proxies")
      .default(0),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, "expected a Stripe secret key (sk_test_… or sk_live_…)")
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9]+$/, "expected a Stripe webhook signing secret (whsec_…)")
      .optional(),
    PAYMENTS: z.enum(["stripe", "stand-in"], { message: 'expected "stripe" or "stand-in"' }).optional(),
    STRIPE_PUBLISHABLE_KEY: z
      .string()
      .regex(/^pk_(test|live)_[A-Za-z0-9]+$/, "expected a Stripe publishable key (pk_test_… or pk_live_…)")
      .optional(),
    SMTP_URL: z
      .string()
      .refine((value) => /^smtps?:\/\//.test(value), { message: "expected an smtp:// or smtps:// URL" })
      .optional(),
    MAIL_FROM: z.string().min(3, "expected a sender such as Stoop <no-reply@stoop.example>").optional(),
    JOBS_IN_PROCESS: booleanString.default(true),
    // The live stream's cap per member and process (ADR 045): one more tab gets a 429 and polls.
    LIVE_STREAMS_PER_MEMBER: z.coerce
      .number({ message: "expected a whole number of streams, such as 10" })
      .int("expected a whole number of streams, such as 10")
      .min(1, "expected at least 1 stream")
      .max(1000, "expected at most 1000 streams")
      .default(10),
    PLATFORM_FEE_PERCENT: z.coerce
      .number({ message: "expected a percentage such as 5 or 2.5" })
      .min(0, "expected 0 or more percent")
      .max(50, "expected at most 50 percent")
      .default(5),
    PLATFORM_FEE_FIXED_CENTS: z.coerce
      .number({ message: "expected a whole number of cents" })
      .int("expected a whole number of cents")
      .min(0, "expected 0 or more cents")
      .max(10_000, "expected at most 10000 cents")
      .default(30),
    ORDER_AUTO_RECEIVE_DAYS: z.coerce
      .number({ message: "expected a number of days" })
      .int("expected a whole number of days")
      .min(1, "expected at least 1 day")
      .max(60, "expected at most 60 days")
      .default(7),
    ORDER_PICKUP_NO_SHOW_DAYS: z.coerce
      .number({ message: "expected a number of days" })
      .int("expected a whole number of days")
      .min(1, "expected at least 1 day")
      .max(60, "expected at most 60 days")
      .default(7),
    // The local time zone of pickup windows: what members type and read (the .ics file is in UTC).
    PICKUP_TIME_ZONE: z
      .string()
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, "expected an IANA time zone such as Europe/Berlin")
      .default("UTC"),
    // Photos in an S3-compatible bucket instead of DATA_DIR/photos (docs/operations.md, ADR 039).
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected a bucket name (3-63 lower-case letters, digits, . or -)")
      .optional(),
    S3_REGION: z
      .string()
      .regex(/^[a-z0-9-]{2,40}$/, "expected a region such as us-east-1")
      .optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).max(256).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).max(256).optional(),
    S3_ENDPOINT: z
      .url({ message: "expected the storage's http(s) URL, e.g. https://s3.example.com" })
      .refine((value) => /^https?:\/\//.test(value), "expected an http:// or https:// URL")
      .optional(),
    S3_FORCE_PATH_STYLE: booleanString.optional(),
    // Web Push (ADR 044): without a key pair Stoop generates one at first boot and keeps it in the database.
    VAPID_PUBLIC_KEY: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{80,90}$/,
        "expected the URL-safe base64 public key that `npx web-push generate-vapid-keys` prints",
      )
      .optional(),
    VAPID_PRIVATE_KEY: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{40,45}$/,
        "expected the URL-safe base64 private key that `npx web-push generate-vapid-keys` prints",
      )
      .optional(),
    VAPID_SUBJECT: z
      .string()
      .refine(
        (value) => /^(mailto:\S+@\S+|https:\/\/\S+)$/.test(value),
        "expected a mailto: address or an https:// URL",
      )
      .optional(),
    // Tests only: lets a member's push subscription point at a push service on this machine over http.
    PUSH_ALLOW_LOCAL_ENDPOINTS: booleanString.default(false),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    const s3Set = S3_VARIABLES.filter((name) => env[name] !== undefined);
    const s3Optional = (["S3_ENDPOINT", "S3_FORCE_PATH_STYLE"] as const).filter((name) => env[name] !== undefined);
    if ((s3Set.length > 0 || s3Optional.length > 0) && s3Set.length < S3_VARIABLES.length) {
      const missing = S3_VARIABLES.filter((name) => env[name] === undefined);
      ctx.addIssue({
        code: "custom",
        path: ["S3"],
        message: `missing ${missing.join(", ")}: photo storage in S3 needs ${S3_VARIABLES.join(", ")} together (or none of them, for the local disk)`,
      });
    }
    if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [env.STRIPE_SECRET_KEY ? "STRIPE_WEBHOOK_SECRET" : "STRIPE_SECRET_KEY"],
        message: "set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together (or neither, for the local stand-in)",
      });
    }
    if (Boolean(env.VAPID_PUBLIC_KEY) !== Boolean(env.VAPID_PRIVATE_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: [env.VAPID_PUBLIC_KEY ? "VAPID_PRIVATE_KEY" : "VAPID_PUBLIC_KEY"],
        message:
          "set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together (or neither: Stoop then keeps a generated pair in the database)",
      });
    }
    if (env.PAYMENTS === "stripe" && !env.STRIPE_SECRET_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["PAYMENTS"],
        message: "PAYMENTS=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET",
      });
    }
    if (env.PAYMENTS === "stand-in" && env.STRIPE_SECRET_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["PAYMENTS"],
        message: "PAYMENTS=stand-in contradicts the Stripe keys that are set: unset one or the other",
      });
    }
  });

export type Config = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string | null;
  dataDir: string;
  sessionSecret: string | null;
  /**
   * The key of the pickup handover codes (ADR 032): HANDOVER_SECRET, else SESSION_SECRET; null
   * means a random key kept in the database (app_secrets, migration 0022).
   */
  handoverSecret: string | null;
  sessionCookie: { name: string; secure: boolean; days: number };
  /** How many reverse proxies sit in front; their X-Forwarded-For entries are trusted, no others. */
  trustProxy: number;
  /**
   * "stripe" with keys; "stand-in" when asked for (PAYMENTS=stand-in) or outside production;
   * "unconfigured" in production with neither, which the web server refuses to start with
   * (requirePaymentsConfigured) because the stand-in lets anyone pay with a fake card.
   */
  payments: "stripe" | "stand-in" | "unconfigured";
  /** Real Stripe (test or live keys), or null for the local stand-in. */
  stripe: { secretKey: string; webhookSecret: string; publishableKey: string | null } | null;
  smtpUrl: string | null;
  mailFrom: string;
  /** Run the background job workers inside the web server (default), or leave them to `npm run worker`. */
  jobsInProcess: boolean;
  /** At most this many live streams (open tabs) per member in each process; one more is a 429. */
  liveStreamsPerMember: number;
  /** The platform's cut of each order: percent of the total plus a fixed amount (capped at the total). */
  platformFee: { percent: number; fixedCents: number };
  /** A shipped order counts as received this many days later unless the buyer says otherwise. */
  orderAutoReceiveDays: number;
  /** A paid pickup order with no handover this many days later: Stoop asks both sides what happened. */
  orderPickupNoShowDays: number;
  /** The IANA time zone in which pickup windows are typed and shown. */
  pickupTimeZone: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Photos in an S3-compatible bucket; null keeps them on the local disk under DATA_DIR/photos. */
  s3: S3Config | null;
  push: PushConfig;
};

export interface PushConfig {
  /** The configured VAPID key pair; null: the pair generated at first boot and kept in app_secrets. */
  vapidKeys: { publicKey: string; privateKey: string } | null;
  /** Who push services contact about this server (VAPID `sub`): VAPID_SUBJECT, else mailto: MAIL_FROM's address. */
  subject: string;
  /** Tests only: accept http:// push endpoints on loopback hosts (real push services are https). */
  allowLocalEndpoints: boolean;
}

export interface S3Config {
  bucket: string;
  region: string;
  /** A non-AWS service's URL (MinIO, Garage, R2 …); null for AWS itself. */
  endpoint: string | null;
  accessKeyId: string;
  secretAccessKey: string;
  /** bucket in the path (http://host/bucket/key) rather than the host name; default: on with an endpoint. */
  forcePathStyle: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses an environment (default: `process.env`); throws ConfigError with one line per bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // An empty string means "unset" (docker-compose and .env files write `FOO=`).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? "environment")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join("; ")}`);
  }
  const env = parsed.data;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const mailFrom = env.MAIL_FROM ?? `Stoop <no-reply@${new URL(publicUrl).hostname}>`;
  return {
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    publicUrl,
    databaseUrl: env.DATABASE_URL ?? null,
    dataDir: path.resolve(env.DATA_DIR),
    sessionSecret: env.SESSION_SECRET ?? null,
    handoverSecret: env.HANDOVER_SECRET ?? env.SESSION_SECRET ?? null,
    sessionCookie: {
      name: env.SESSION_COOKIE_NAME,
      secure: env.SESSION_COOKIE_SECURE ?? publicUrl.startsWith("https://"),
      days: env.SESSION_DAYS,
    },
    trustProxy: env.TRUST_PROXY,
    payments: env.STRIPE_SECRET_KEY
      ? "stripe"
      : env.PAYMENTS === "stand-in" || env.NODE_ENV !== "production"
        ? "stand-in"
        : "unconfigured",
    stripe:
      env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET
        ? {
            secretKey: env.STRIPE_SECRET_KEY,
            webhookSecret: env.STRIPE_WEBHOOK_SECRET,
            publishableKey: env.STRIPE_PUBLISHABLE_KEY ?? null,
          }
        : null,
    smtpUrl: env.SMTP_URL ?? null,
    mailFrom,
    jobsInProcess: env.JOBS_IN_PROCESS,
    liveStreamsPerMember: env.LIVE_STREAMS_PER_MEMBER,
    platformFee: { percent: env.PLATFORM_FEE_PERCENT, fixedCents: env.PLATFORM_FEE_FIXED_CENTS },
    orderAutoReceiveDays: env.ORDER_AUTO_RECEIVE_DAYS,
    orderPickupNoShowDays: env.ORDER_PICKUP_NO_SHOW_DAYS,
    pickupTimeZone: env.PICKUP_TIME_ZONE,
    logLevel: env.LOG_LEVEL,
    s3:
      env.S3_BUCKET && env.S3_REGION && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? {
            bucket: env.S3_BUCKET,
            region: env.S3_REGION,
            endpoint: env.S3_ENDPOINT?.replace(/\/+$/, "") ?? null,
            accessKeyId: env.S3_ACCESS_KEY_ID,
            secretAccessKey: env.S3_SECRET_ACCESS_KEY,
            forcePathStyle: env.S3_FORCE_PATH_STYLE ?? Boolean(env.S3_ENDPOINT),
          }
        : null,
    push: {
      vapidKeys:
        env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
          ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY }
          : null,
      subject: env.VAPID_SUBJECT ?? `mailto:${senderAddress(mailFrom)}`,
      allowLocalEndpoints: env.PUSH_ALLOW_LOCAL_ENDPOINTS,
    },
  };
}

/** "Stoop <no-reply@stoop.example>" → "no-reply@stoop.example". */
function senderAddress(mailFrom: string): string {
  return /<([^<>\s]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
}

/**
 * The web server's start-up check (scripts such as db:migrate need no payments and skip it):
 * a production server without Stripe keys would silently take fake payments, so the deployer
 * must choose the stand-in by name.
 */
export function requirePaymentsConfigured(config: Config): void {
  if (config.payments !== "unconfigured") return;
  throw new ConfigError(
    "Invalid configuration: PAYMENTS: in production set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, " +
      "or PAYMENTS=stand-in to run the local Stripe stand-in on purpose (demos only: its payments are not real)",
  );
}
