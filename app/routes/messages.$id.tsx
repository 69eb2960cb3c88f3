import { idParamsSchema } from "~/lib/id-params.server";
import { ReportForm } from "~/components/report-form";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { Field, FormError } from "~/components/form-field";
import { requireUser } from "~/lib/auth.server";
import { useLiveEvents, useLiveStatus } from "~/lib/live";
import { parseForm, parseParams, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { openConversation, sendMessage } from "~/modules/community/messages.server";
import { messageSchema } from "~/modules/community/schemas.server";
import { formatDateTime } from "~/lib/dates";
import { EmptyState } from "~/components/ui";

/**
 * How often an open conversation asks for new messages while the live stream is not open (only
 * while the tab is visible): the fallback when EventSource can't connect.
 */
const POLL_MS = 3000;
/** At most one "typing" notice per this long while the member types (ADR 045). */
const TYPING_SEND_MS = 3000;
/** "… is typing" shows this long after the last notice. */
const TYPING_SHOW_MS = 5000;

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
  const { conversation, others, messages, me, seenLastMessageId } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const liveStatus = useLiveStatus();
  const formRef = useRef<HTMLFormElement>(null);
  const sending = navigation.state !== "idle" && navigation.formMethod === "POST";
  const wasSending = useRef(false);
  const [typing, setTyping] = useState<{ userId: string; name: string; until: number } | null>(null);
  const lastTypingSent = useRef(0);

  // After a message went out (the action redirected back here), empty the box for the next one.
  useEffect(() => {
    if (wasSending.current && !sending && !failure) formRef.current?.reset();
    wasSending.current = sending;
  }, [sending, failure]);

  const revalidate = useRef(revalidator);
  revalidate.current = revalidator;

  // With the live stream, a new message or a read receipt in this conversation reloads it at once.
  useLiveEvents(({ kind, data }) => {
    if (kind === "reset") return revalidate.current.revalidate();
    if (data.conversationId !== conversation.id) return;
    if (kind === "message") {
      if (data.senderId === typing?.userId) setTyping(null);
      revalidate.current.revalidate();
    } else if (kind === "read" && data.readerId !== me) {
      revalidate.current.revalidate();
    } else if (kind === "typing" && typeof data.userId === "string") {
      setTyping({ userId: data.userId, name: String(data.name ?? "Someone"), until: Date.now() + TYPING_SHOW_MS });
    }
  });

  // The typing notice fades on its own: nothing is sent when someone stops typing.
  useEffect(() => {
    if (!typing) return;
    const timer = window.setTimeout(() => setTyping(null), Math.max(0, typing.until - Date.now()));
    return () => window.clearTimeout(timer);
  }, [typing]);

  // Without the stream, new messages still appear without a reload: re-run the loaders every few seconds.
  useEffect(() => {
    if (liveStatus === "open") return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && revalidate.current.state === "idle") {
        revalidate.current.revalidate();
      }
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [liveStatus]);

  function announceTyping() {
    const now = Date.now();
    if (liveStatus !== "open" || now - lastTypingSent.current < TYPING_SEND_MS) return;
    lastTypingSent.current = now;
    fetch(`/messages/${conversation.id}/typing`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      credentials: "same-origin",
    }).catch(() => {});
  }

  const withNames = others.map((other) => other.displayName).join(", ") || "a former member";
  return (
    <article className="narrow conversation" aria-labelledby="conversation-title">
      <p className="conversation__back">
        <Link to="/messages">← All messages</Link>
      </p>
      <h1 id="conversation-title">
        {conversation.retailerName
          ? `${conversation.retailerName} about ${conversation.listingTitle ?? "an order"}`
          : conversation.listingTitle
            ? `About ${conversation.listingTitle}`
            : "Conversation"}
      </h1>
      <p className="muted conversation__about">
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
        ) : null}
      </p>
      <div role="log" aria-label="Messages" aria-live="polite" className="conversation__log">
        {messages.length === 0 ? <EmptyState title="No messages yet.">Say hello and ask away.</EmptyState> : null}
        <ol className="plain-list thread">
          {messages.map((message) => (
            <li
              key={message.id}
              className={`thread__message${message.senderId === me ? " thread__message--mine" : ""}`}
            >
              <p className="thread__meta">
                {message.senderId === me ? "You" : message.senderName} ·{" "}
                <time dateTime={new Date(message.createdAt).toISOString()}>{formatDateTime(message.createdAt)}</time>
              </p>
              <p className={message.removed ? "muted" : undefined}>{message.body}</p>
              {message.id === seenLastMessageId ? <p className="muted thread__seen">Seen</p> : null}
              {message.senderId !== me && !message.removed ? (
                <ReportForm subjectType="message" subjectId={message.id} collapsed />
              ) : null}
            </li>
          ))}
        </ol>
      </div>
      <p className="muted thread__typing" role="status">
        {typing ? `${typing.name} is typing…` : null}
      </p>
      <Form method="post" ref={formRef} preventScrollReset className="card conversation__composer">
        <FormError message={failure && !failure.ok ? failure.formError : null} />
        <Field label="Your message" errors={failure && !failure.ok ? failure.fieldErrors.message : undefined}>
          {(control) => (
            <textarea
              {...control}
              name="message"
              rows={3}
              required
              maxLength={4000}
              onInput={announceTyping}
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
