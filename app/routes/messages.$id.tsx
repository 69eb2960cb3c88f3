import { idParamsSchema } from "~/lib/id-params.server";
import { ReportForm } from "~/components/report-form";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Field, FormError } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { openConversation, sendMessage } from "~/modules/community/messages.server";
import { messageSchema } from "~/modules/community/schemas.server";
import { formatDateTime } from "~/lib/dates";

/** How often an open conversation asks for new messages (only while the tab is visible). */
const POLL_MS = 3000;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Messages: ${data.conversation.listingTitle ?? "order"} · Stoop` : "Messages · Stoop" },
];

function conversationId(params: Record<string, string | undefined>) {
  return parseParams(idParamsSchema, params).id;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const id = conversationId(params);
  return json(await orErrorResponse(() => openConversation(context.db, id, user.id)));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const id = conversationId(params);
  const parsed = parseForm(messageSchema, await readForm(request));
  if (!parsed.ok) return invalidForm(parsed);
  try {
    await sendMessage(context.db, { conversationId: id, senderId: user.id, body: parsed.data.message });
  } catch (error) {
    return formFailure(error, { message: parsed.data.message });
  }
  return redirect(`/messages/${id}`);
}

export default function ConversationPage() {
  const { conversation, others, messages, me } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const formRef = useRef<HTMLFormElement>(null);
  const sending = navigation.state !== "idle" && navigation.formMethod === "POST";
  const wasSending = useRef(false);

  // After a message went out (the action redirected back here), empty the box for the next one.
  useEffect(() => {
    if (wasSending.current && !sending && !failure) formRef.current?.reset();
    wasSending.current = sending;
  }, [sending, failure]);

  // With JavaScript, new messages appear without a reload: re-run the loaders every few seconds.
  const revalidate = useRef(revalidator);
  revalidate.current = revalidator;
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && revalidate.current.state === "idle") {
        revalidate.current.revalidate();
      }
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, []);

  const withNames = others.map((other) => other.displayName).join(", ") || "a former member";
  return (
    <article className="narrow" aria-labelledby="conversation-title">
      <h1 id="conversation-title">
        {conversation.retailerName
          ? `${conversation.retailerName} about ${conversation.listingTitle ?? "an order"}`
          : conversation.listingTitle
            ? `About ${conversation.listingTitle}`
            : "Conversation"}
      </h1>
      <p className="muted">
        Private conversation with {withNames}
        {conversation.listingId ? (
          <>
            {" "}
            · <Link to={`/listings/${conversation.listingId}`}>View the listing</Link>
          </>
        ) : null}
        {conversation.orderId && conversation.myRole === "buyer" ? (
          <>
            {" "}
            · <Link to={`/orders/${conversation.orderId}`}>View the order</Link>
          </>
        ) : null}
        {conversation.retailerSlug && conversation.myRole === "retailer" ? (
          <>
            {" "}
            · <Link to={`/retailers/${conversation.retailerSlug}/jobs`}>Service jobs</Link>
          </>
        ) : null}{" "}
        · <Link to="/messages">All messages</Link>
      </p>
      <div role="log" aria-label="Messages" aria-live="polite">
        <ol className="plain-list thread">
          {messages.length === 0 ? <li className="muted">No messages yet. Say hello and ask away.</li> : null}
          {messages.map((message) => (
            <li
              key={message.id}
              className={`thread__message${message.senderId === me ? " thread__message--mine" : ""}`}
            >
              <p className="muted">
                {message.senderId === me ? "You" : message.senderName} ·{" "}
                <time dateTime={new Date(message.createdAt).toISOString()}>{formatDateTime(message.createdAt)}</time>
              </p>
              <p className={message.removed ? "muted" : undefined}>{message.body}</p>
              {message.senderId !== me && !message.removed ? (
                <ReportForm subjectType="message" subjectId={message.id} collapsed />
              ) : null}
            </li>
          ))}
        </ol>
      </div>
      <Form method="post" ref={formRef} preventScrollReset className="card">
        <FormError message={failure && !failure.ok ? failure.formError : null} />
        <Field label="Your message" errors={failure && !failure.ok ? failure.fieldErrors.message : undefined}>
          {(control) => (
            <textarea
              {...control}
              name="message"
              rows={3}
              required
              maxLength={4000}
              defaultValue={failure && !failure.ok ? failure.values.message : undefined}
            />
          )}
        </Field>
        <button type="submit" disabled={sending}>
          {sending ? "Sending…" : "Send"}
        </button>
      </Form>
    </article>
  );
}
