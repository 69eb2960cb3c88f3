import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireDevMailbox } from "~/lib/dev-mailbox.server";
import { readMailboxEntry } from "~/modules/notifications/mail-transport.server";
import { parseParams } from "~/lib/forms";
import { idParamsSchema } from "~/lib/id-params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.message.subject ?? "Email"} · Development mailbox` },
  { name: "robots", content: "noindex" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  const { id } = parseParams(idParamsSchema, params);
  const message = await readMailboxEntry(context.config.dataDir, id);
  if (!message) throw new Response("Not found", { status: 404 });
  return json({ message });
}

export default function DevMailboxMessage() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <article aria-labelledby="message-title">
      <p>
        <Link to="/dev/mailbox">← All emails</Link>
      </p>
      <h1 id="message-title">{message.subject}</h1>
      <dl>
        <dt>To</dt>
        <dd>{message.to}</dd>
        {Object.entries(message.headers).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2>HTML</h2>
      {/* Sandboxed: the email's HTML runs no script and cannot touch this page. */}
      <iframe title={`HTML body of ${message.subject}`} className="mail-frame" sandbox="" srcDoc={message.html} />
      <section aria-labelledby="plain-text-title">
        <h2 id="plain-text-title">Plain text</h2>
        <pre className="mail-text">{message.text}</pre>
      </section>
    </article>
  );
}
