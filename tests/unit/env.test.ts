import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, requirePaymentsConfigured } from "~/lib/env.server";
import { PaymentsRuntime } from "~/modules/payments/runtime.server";

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected the configuration to be refused");
}

describe("configuration", () => {
  it("parses no variables at all: embedded database under ./data, port 3000, payments not yet chosen", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: "production",
      port: 3000,
      host: "127.0.0.1",
      publicUrl: "http://localhost:3000",
      databaseUrl: null,
      dataDir: path.resolve("data"),
      stripe: null,
      payments: "unconfigured",
      smtpUrl: null,
      sessionCookie: { name: "stoop_session", secure: false, days: 30 },
    });
  });

  it("charges 5% plus 30 cents and auto-confirms receipt after 7 days unless configured otherwise", () => {
    expect(loadConfig({})).toMatchObject({ platformFee: { percent: 5, fixedCents: 30 }, orderAutoReceiveDays: 7 });
    expect(
      loadConfig({ PLATFORM_FEE_PERCENT: "2.5", PLATFORM_FEE_FIXED_CENTS: "0", ORDER_AUTO_RECEIVE_DAYS: "14" }),
    ).toMatchObject({ platformFee: { percent: 2.5, fixedCents: 0 }, orderAutoReceiveDays: 14 });
    expect(() => loadConfig({ PLATFORM_FEE_FIXED_CENTS: "2.5" })).toThrow(
      "PLATFORM_FEE_FIXED_CENTS: expected a whole number of cents",
    );
    expect(() => loadConfig({ PLATFORM_FEE_PERCENT: "80" })).toThrow(
      "PLATFORM_FEE_PERCENT: expected at most 50 percent",
    );
  });

  it("caps live streams at 10 per member and process unless LIVE_STREAMS_PER_MEMBER says otherwise", () => {
    expect(loadConfig({}).liveStreamsPerMember).toBe(10);
    expect(loadConfig({ LIVE_STREAMS_PER_MEMBER: "25" }).liveStreamsPerMember).toBe(25);
    expect(errorOf({ LIVE_STREAMS_PER_MEMBER: "0" })).toContain("LIVE_STREAMS_PER_MEMBER: expected at least 1 stream");
    expect(errorOf({ LIVE_STREAMS_PER_MEMBER: "2.5" })).toContain(
      "LIVE_STREAMS_PER_MEMBER: expected a whole number of streams",
    );
  });

  it("names the variable and what it expects when a value is bad, in one line", () => {
    const message = errorOf({ PORT: "eighty" });
    expect(message).toBe("Invalid configuration: PORT: expected a port number");
    expect(message).not.toContain("\n");
    expect(errorOf({ PORT: "70000" })).toContain("PORT: expected a port between 0 and 65535");
    expect(errorOf({ DATABASE_URL: "mysql://localhost/db" })).toContain(
      "DATABASE_URL: expected a postgres:// or postgresql:// connection URL",
    );
    expect(errorOf({ PUBLIC_URL: "stoop.example" })).toContain("PUBLIC_URL: expected an absolute http(s) URL");
    expect(errorOf({ SESSION_SECRET: "short" })).toContain("SESSION_SECRET: expected at least 32 characters");
    expect(errorOf({ SESSION_COOKIE_SECURE: "yes" })).toContain('SESSION_COOKIE_SECURE: expected "true" or "false"');
  });

  it("lists every bad variable at once", () => {
    const message = errorOf({ PORT: "x", LOG_LEVEL: "loud" });
    expect(message).toContain("PORT:");
    expect(message).toContain("LOG_LEVEL:");
  });

  it("requires the Stripe secret key and webhook secret together", () => {
    expect(errorOf({ STRIPE_SECRET_KEY: "sk_test_abc123" })).toContain("STRIPE_WEBHOOK_SECRET: set STRIPE_SECRET_KEY");
    expect(errorOf({ STRIPE_SECRET_KEY: "pk_test_abc" })).toContain("STRIPE_SECRET_KEY: expected a Stripe secret key");
    const config = loadConfig({ STRIPE_SECRET_KEY: "sk_test_abc123", STRIPE_WEBHOOK_SECRET: "whsec_abc123" });
    expect(config.stripe).toEqual({ secretKey: "sk_test_abc123", webhookSecret: "whsec_abc123", publishableKey: null });
  });

  it("refuses to serve in production without Stripe keys unless PAYMENTS=stand-in says so", () => {
    expect(() => requirePaymentsConfigured(loadConfig({}))).toThrow(ConfigError);
    expect(() => requirePaymentsConfigured(loadConfig({}))).toThrow(/PAYMENTS: .*PAYMENTS=stand-in/);
    expect(() => new PaymentsRuntime(loadConfig({}))).toThrow(ConfigError);
    expect(loadConfig({ PAYMENTS: "stand-in" }).payments).toBe("stand-in");
    expect(loadConfig({ NODE_ENV: "development" }).payments).toBe("stand-in");
    const withKeys = loadConfig({ STRIPE_SECRET_KEY: "sk_live_abc123", STRIPE_WEBHOOK_SECRET: "whsec_abc123" });
    expect(withKeys.payments).toBe("stripe");
    expect(() => requirePaymentsConfigured(withKeys)).not.toThrow();
    expect(errorOf({ PAYMENTS: "stripe" })).toContain("PAYMENTS: PAYMENTS=stripe needs STRIPE_SECRET_KEY");
    expect(
      errorOf({ PAYMENTS: "stand-in", STRIPE_SECRET_KEY: "sk_test_abc123", STRIPE_WEBHOOK_SECRET: "whsec_abc123" }),
    ).toContain("PAYMENTS: PAYMENTS=stand-in contradicts");
    expect(errorOf({ PAYMENTS: "fake" })).toContain('PAYMENTS: expected "stripe" or "stand-in"');
  });

  it("gives the stand-in a fresh webhook secret on every run, never one written in the source", () => {
    const config = loadConfig({ PAYMENTS: "stand-in" });
    const first = new PaymentsRuntime(config);
    const second = new PaymentsRuntime(config);
    try {
      expect(first.webhookSecret).toMatch(/^whsec_[0-9a-f]{48}$/);
      expect(first.webhookSecret).not.toBe(second.webhookSecret);
    } finally {
      first.close();
      second.close();
    }
  });

  it("treats an empty value as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" })).toMatchObject({ databaseUrl: null, port: 3000 });
  });

  it("makes the session cookie Secure whenever the public URL is https", () => {
    const config = loadConfig({ PUBLIC_URL: "https://stoop.example/" });
    expect(config.publicUrl).toBe("https://stoop.example");
    expect(config.sessionCookie.secure).toBe(true);
    expect(
      loadConfig({ PUBLIC_URL: "https://stoop.example", SESSION_COOKIE_SECURE: "false" }).sessionCookie.secure,
    ).toBe(false);
  });

  const S3 = {
    S3_BUCKET: "stoop-photos",
    S3_REGION: "eu-central-1",
    S3_ACCESS_KEY_ID: "AKIDEXAMPLE",
    S3_SECRET_ACCESS_KEY: "secret-example",
  };

  it("keeps photos on the local disk unless the S3 variables are set, and in the bucket when they all are", () => {
    expect(loadConfig({}).s3).toBeNull();
    expect(loadConfig(S3).s3).toEqual({
      bucket: "stoop-photos",
      region: "eu-central-1",
      endpoint: null,
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "secret-example",
      forcePathStyle: false,
    });
    // A non-AWS endpoint (MinIO, s3rver) addresses the bucket in the path unless told otherwise.
    expect(loadConfig({ ...S3, S3_ENDPOINT: "http://127.0.0.1:9000/" }).s3).toMatchObject({
      endpoint: "http://127.0.0.1:9000",
      forcePathStyle: true,
    });
    expect(
      loadConfig({ ...S3, S3_ENDPOINT: "https://s3.example.com", S3_FORCE_PATH_STYLE: "false" }).s3?.forcePathStyle,
    ).toBe(false);
  });

  it("refuses part of the S3 settings with one line naming every missing variable", () => {
    const message = errorOf({ S3_BUCKET: "stoop-photos", S3_REGION: "eu-central-1" });
    expect(message).toBe(
      "Invalid configuration: S3: missing S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: photo storage in S3 needs " +
        "S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY together (or none of them, for the local disk)",
    );
    // An endpoint alone is part of the set too.
    expect(errorOf({ S3_ENDPOINT: "http://127.0.0.1:9000" })).toContain(
      "S3: missing S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY",
    );
    expect(loadConfig({ ...S3, S3_ENDPOINT: "" }).s3?.endpoint).toBeNull();
  });

  it("refuses a malformed bucket name, region or endpoint", () => {
    expect(errorOf({ ...S3, S3_BUCKET: "Bad_Bucket" })).toContain("S3_BUCKET: expected a bucket name");
    expect(errorOf({ ...S3, S3_REGION: "eu central" })).toContain("S3_REGION: expected a region");
    expect(errorOf({ ...S3, S3_ENDPOINT: "ftp://files.example" })).toContain(
      "S3_ENDPOINT: expected an http:// or https:// URL",
    );
  });
});
