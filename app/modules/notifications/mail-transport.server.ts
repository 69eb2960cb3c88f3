import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";

export interface OutgoingEmail {
  /** The outbox id: also the Message-ID's local part, so resending the same row is recognisable. */
  id: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export interface MailTransport {
  readonly kind: "mailbox" | "smtp";
  send(email: OutgoingEmail): Promise<void>;
}

export interface MailboxEntry {
  id: string;
  to: string;
  subject: string;
  sentAt: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** The folder under the data directory where the development mailbox keeps its messages. */
export function mailboxDirectory(dataDir: string): string {
  return path.join(dataDir, "mail");
}

function toMessage(email: OutgoingEmail, messageIdHost: string) {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    messageId: `<${email.id}@${messageIdHost}>`,
    headers: email.headers,
  };
}

/**
 * Writes each email as a real RFC 822 .eml file (plus a JSON copy for the /dev/mailbox page),
 * named by its outbox id: delivering the same row twice rewrites the same file, never a second one.
 */
export function mailboxTransport(dataDir: string, messageIdHost: string): MailTransport {
  const directory = mailboxDirectory(dataDir);
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    kind: "mailbox",
    async send(email) {
      await fs.mkdir(directory, { recursive: true });
      const info = await composer.sendMail(toMessage(email, messageIdHost));
      const entry: MailboxEntry = {
        id: email.id,
        to: email.to,
        subject: email.subject,
        sentAt: new Date().toISOString(),
        html: email.html,
        text: email.text,
        headers: email.headers,
      };
      // Write-then-rename so a reader never sees half a file.
      await writeAtomically(path.join(directory, `${email.id}.eml`), info.message as Buffer);
      await writeAtomically(path.join(directory, `${email.id}.json`), JSON.stringify(entry));
    },
  };
}

export function smtpTransport(smtpUrl: string, messageIdHost: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    kind: "smtp",
    async send(email) {
      await transporter.sendMail(toMessage(email, messageIdHost));
    },
  };
}

async function writeAtomically(file: string, contents: string | Buffer) {
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, contents);
  await fs.rename(temporary, file);
}

export async function readMailbox(dataDir: string): Promise<MailboxEntry[]> {
  const directory = mailboxDirectory(dataDir);
  let files: string[];
  try {
    files = (await fs.readdir(directory)).filter((file) => file.endsWith(".json"));
  } catch {
    return [];
  }
  const entries = await Promise.all(
    files.map(async (file) => JSON.parse(await fs.readFile(path.join(directory, file), "utf8")) as MailboxEntry),
  );
  return entries.sort((a, b) => b.sentAt.localeCompare(a.sentAt));
}

export async function readMailboxEntry(dataDir: string, id: string): Promise<MailboxEntry | null> {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
  try {
    return JSON.parse(await fs.readFile(path.join(mailboxDirectory(dataDir), `${id}.json`), "utf8")) as MailboxEntry;
  } catch {
    return null;
  }
}

/** SMTP when SMTP_URL is set; otherwise the development mailbox under the data directory. */
export function transportFor(config: { smtpUrl: string | null; dataDir: string; publicUrl: string }): MailTransport {
  const host = new URL(config.publicUrl).hostname;
  return config.smtpUrl ? smtpTransport(config.smtpUrl, host) : mailboxTransport(config.dataDir, host);
}
