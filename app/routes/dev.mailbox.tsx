import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireDevMailbox } from "~/lib/dev-mailbox.server";
import { readMailbox } from "~/modules/notifications/mail-transport.server";
import { TableScroll } from "~/components/table-scroll";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [
  { title: "Development mailbox · Stoop" },
  { name: "robots", content: "noindex" },
];

export async function loader({ context }: LoaderFunctionArgs) {
  requireDevMailbox(context);
  const messages = await readMailbox(context.config.dataDir);
  return json({
    messages: messages.map(({ id, to, subject, sentAt }) => ({ id, to, subject, sentAt })),
  });
}

export default function DevMailbox() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="mailbox-title">
      <h1 id="mailbox-title">Development mailbox</h1>
      <p>
        Without <code>SMTP_URL</code>, Stoop writes every email as an .eml file under the data directory instead of
        sending it. They are listed here, newest first.
      </p>
      {messages.length === 0 ? (
        <EmptyState title="No emails yet." />
      ) : (
        <TableScroll label="Emails">
          <table>
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Written</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((message) => (
                <tr key={message.id}>
                  <td>{message.to}</td>
                  <td>
                    <Link to={`/dev/mailbox/${message.id}`}>{message.subject}</Link>
                  </td>
                  <td>
                    <time dateTime={message.sentAt}>{message.sentAt.replace("T", " ").slice(0, 19)} UTC</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
