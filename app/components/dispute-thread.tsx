import { photoUrl } from "~/modules/listings/photo-urls";
import { formatDateTime } from "~/lib/dates";
import { EmptyState } from "./ui";

export interface ThreadMessage {
  id: string;
  authorRole: string;
  authorName: string | null;
  body: string;
  createdAt: string | Date;
  photos: { id: string; storageKey: string; width: number; height: number }[];
}

const ROLE_LABELS: Record<string, string> = {
  buyer: "Buyer",
  seller: "Seller",
  retailer: "Retailer",
  admin: "Stoop admin",
  system: "Stoop",
};

/** A dispute's statements and photo evidence, oldest first (shared by the order and admin pages). */
export function DisputeThread({ messages }: { messages: ThreadMessage[] }) {
  if (!messages.length) return <EmptyState title="No statements yet." />;
  return (
    <ol className="plain-list dispute-thread" aria-label="Statements and evidence">
      {messages.map((message) => (
        <li key={message.id} className="card">
          <p>
            <strong>
              {ROLE_LABELS[message.authorRole] ?? message.authorRole}
              {message.authorName && message.authorRole !== "system" ? ` (${message.authorName})` : ""}
            </strong>{" "}
            <time dateTime={new Date(message.createdAt).toISOString()}>{formatDateTime(message.createdAt)}</time>
          </p>
          <p style={{ whiteSpace: "pre-wrap" }}>{message.body}</p>
          {message.photos.length ? (
            <ul className="photo-previews" aria-label="Photos">
              {message.photos.map((photo, index) => (
                <li key={photo.id}>
                  <a href={photoUrl(photo.storageKey, 1600)}>
                    <img
                      src={photoUrl(photo.storageKey, 320)}
                      width={320}
                      height={Math.round((320 * photo.height) / Math.max(photo.width, 1))}
                      alt={`Evidence photo ${index + 1} from the ${(ROLE_LABELS[message.authorRole] ?? "").toLowerCase()}`}
                    />
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
