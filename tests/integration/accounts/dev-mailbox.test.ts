import type { AppLoadContext } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { loadConfig } from "~/lib/env.server";
import type { SessionUser } from "~/modules/accounts/sessions.server";
import { loader as mailboxLoader } from "~/routes/dev.mailbox";
import { loader as checkInboxLoader } from "~/routes/signup_.check-inbox";

/**
 * The development mailbox holds password-reset links: whoever reads it can take over accounts.
 * It is decided by the connection's own address, never by headers or PUBLIC_URL.
 */

const admin: SessionUser = {
  id: "admin-id",
  email: "admin@example.test",
  displayName: "Ada Admin",
  role: "admin",
  emailVerified: true,
  twoFactorEnabled: true,
  suspension: null,
};

function visit(options: {
  remoteAddress: string | null;
  env?: Record<string, string>;
  user?: SessionUser | null;
  headers?: Record<string, string>;
}) {
  const config = loadConfig({ PAYMENTS: "stand-in", DATA_DIR: "tests/.tmp/no-mail-here", ...options.env });
  const context = {
    config,
    remoteAddress: options.remoteAddress,
    clientIp: options.headers?.["x-forwarded-for"] ?? options.remoteAddress ?? "unknown",
    auth: { user: options.user ?? null, token: options.user ? "token" : null },
  } as unknown as AppLoadContext;
  const request = new Request("http://localhost:3000/dev/mailbox", { headers: options.headers ?? {} });
  return { context, request };
}

async function mailboxStatus(options: Parameters<typeof visit>[0]): Promise<number> {
  const { context, request } = visit(options);
  try {
    const response = await mailboxLoader({ request, context, params: {} });
    return response.status;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
}

describe("the development mailbox", () => {
  it("opens for a browser on the server's own machine", async () => {
    expect(await mailboxStatus({ remoteAddress: "127.0.0.1" })).toBe(200);
    expect(await mailboxStatus({ remoteAddress: "::1" })).toBe(200);
    expect(await mailboxStatus({ remoteAddress: "::ffff:127.0.0.1" })).toBe(200);
  });

  it("is not found for a remote visitor even when PUBLIC_URL and the Host header look local", async () => {
    expect(
      await mailboxStatus({
        remoteAddress: "203.0.113.7",
        env: { HOST: "0.0.0.0", PUBLIC_URL: "http://localhost:3000" },
        headers: { host: "localhost:3000" },
      }),
    ).toBe(404);
  });

  it("does not count a loopback connection as local behind a trusted proxy, whatever X-Forwarded-For says", async () => {
    expect(
      await mailboxStatus({
        remoteAddress: "127.0.0.1",
        env: { TRUST_PROXY: "1" },
        headers: { "x-forwarded-for": "127.0.0.1" },
      }),
    ).toBe(404);
  });

  it("opens for an admin signed in with two-factor, and not for one without it", async () => {
    const remote = { remoteAddress: "203.0.113.7", env: { PUBLIC_URL: "https://stoop.example" } };
    expect(await mailboxStatus({ ...remote, user: admin })).toBe(200);
    expect(await mailboxStatus({ ...remote, user: { ...admin, twoFactorEnabled: false } })).toBe(404);
    expect(await mailboxStatus({ ...remote, user: { ...admin, role: "member" } })).toBe(404);
  });

  it("does not exist at all once SMTP is configured", async () => {
    expect(await mailboxStatus({ remoteAddress: "127.0.0.1", env: { SMTP_URL: "smtp://mail.example:25" } })).toBe(404);
  });

  it("is pointed to from the check-inbox page only for those who may open it", async () => {
    const local = visit({ remoteAddress: "127.0.0.1" });
    const remote = visit({ remoteAddress: "198.51.100.2" });
    const read = async (args: ReturnType<typeof visit>) =>
      (await (await checkInboxLoader({ ...args, params: {} })).json()) as { mailbox: boolean };
    expect(await read(local)).toEqual({ mailbox: true });
    expect(await read(remote)).toEqual({ mailbox: false });
  });
});
