import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  mailboxTransport,
  readMailbox,
  type MailTransport,
  type OutgoingEmail,
} from "~/modules/notifications/mail-transport.server";

/** A real mailbox transport in a temporary directory, counting what it is asked to send. */
export async function temporaryMailbox() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-mail-"));
  const inner = mailboxTransport(dataDir, "stoop.test");
  const sent: OutgoingEmail[] = [];
  const transport: MailTransport = {
    kind: "mailbox",
    async send(email) {
      sent.push(email);
      await inner.send(email);
    },
  };
  return {
    dataDir,
    transport,
    sent,
    messages: () => readMailbox(dataDir),
    remove: () => fs.rm(dataDir, { recursive: true, force: true }),
  };
}
