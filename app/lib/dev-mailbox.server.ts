import type { AppLoadContext } from "@remix-run/node";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * The development mailbox shows every email Stoop wrote to disk, password links included. It
 * exists only without SMTP, and only on a machine-local address or to an admin, so a public
 * deployment that forgot SMTP_URL does not publish its members' mail.
 */
export function requireDevMailbox(context: AppLoadContext): void {
  if (context.config.smtpUrl) throw new Response("Not found", { status: 404 });
  const local = LOOPBACK_HOSTS.has(new URL(context.config.publicUrl).hostname);
  if (!local && context.auth.user?.role !== "admin") throw new Response("Not found", { status: 404 });
}
