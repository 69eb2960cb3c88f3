import type { AppLoadContext } from "@remix-run/node";
import { actsAsAdmin } from "~/modules/accounts/admin-powers";

/** A connection from this machine itself (IPv4, IPv6, or IPv4 mapped into IPv6). */
export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4 === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * Who may read the development mailbox, which holds every email Stoop wrote to disk (password
 * reset links included, so reading it means taking over accounts). It exists only without SMTP.
 * Then: a browser on the server's own machine, judged by the TCP connection's address, never by
 * Host, X-Forwarded-For or PUBLIC_URL (all can be forged or are true of a container on 0.0.0.0);
 * behind a trusted proxy every connection comes from the proxy, often loopback, so there nobody
 * counts as local. Otherwise only an admin signed in with two-factor.
 */
export function canOpenDevMailbox(context: AppLoadContext): boolean {
  if (context.config.smtpUrl) return false;
  const local = context.config.trustProxy === 0 && isLoopbackAddress(context.remoteAddress);
  return local || actsAsAdmin(context.auth.user);
}

export function requireDevMailbox(context: AppLoadContext): void {
  if (!canOpenDevMailbox(context)) throw new Response("Not found", { status: 404 });
}
