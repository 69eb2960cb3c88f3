import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";

/**
 * The browser's side of the live stream (GET /events, ADR 045): one EventSource per tab, opened by
 * the root layout for a signed-in member and kept across client-side navigations. Pages subscribe
 * to its events; while it is not open (no EventSource, a refused or broken stream) `status` says
 * so and pages fall back to polling. Without JavaScript none of this runs: forms and reloads work.
 */
export type LiveStatus = "connecting" | "open" | "down";

export interface LiveMessage {
  kind: string;
  data: Record<string, unknown>;
}

interface LiveValue {
  status: LiveStatus;
  counts: { notifications: number; messages: number } | null;
  subscribe(listener: (message: LiveMessage) => void): () => void;
}

const KINDS = ["message", "read", "notification", "notifications_read", "counts", "typing", "ready", "reset"] as const;

const LiveContext = createContext<LiveValue>({
  status: "down",
  counts: null,
  subscribe: () => () => {},
});

export function LiveEventsProvider({
  enabled,
  after,
  children,
}: {
  enabled: boolean;
  /** The newest event id when the page was rendered: the stream starts after it. */
  after: number;
  children: ReactNode;
}) {
  const startAfter = useRef(after);
  const [status, setStatus] = useState<LiveStatus>(enabled ? "connecting" : "down");
  const [counts, setCounts] = useState<LiveValue["counts"]>(null);
  const listeners = useRef(new Set<(message: LiveMessage) => void>());
  const subscribe = useRef((listener: (message: LiveMessage) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }).current;

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") {
      setStatus("down");
      return;
    }
    // Reconnects send Last-Event-ID themselves; `after` only covers the gap before the first open.
    const source = new EventSource(`/events?after=${startAfter.current}`);
    setStatus("connecting");
    source.onopen = () => setStatus("open");
    // A network break leaves it CONNECTING (it retries by itself); a refused stream (401, 429) CLOSED.
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "down" : "connecting");
    const handlers = KINDS.map((kind) => {
      const handler = (event: MessageEvent<string>) => {
        let data: Record<string, unknown> = {};
        try {
          data = JSON.parse(event.data) as Record<string, unknown>;
        } catch {
          return;
        }
        if (kind === "counts")
          setCounts({ notifications: Number(data.notifications), messages: Number(data.messages) });
        for (const listener of listeners.current) listener({ kind, data });
      };
      source.addEventListener(kind, handler);
      return [kind, handler] as const;
    });
    return () => {
      for (const [kind, handler] of handlers) source.removeEventListener(kind, handler);
      source.close();
    };
  }, [enabled]);

  return <LiveContext.Provider value={{ status, counts, subscribe }}>{children}</LiveContext.Provider>;
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext).status;
}

/** The header counts: the stream's latest when it sent one since the page's data was loaded. */
export function useLiveCounts(loaded: { notifications: number; messages: number }) {
  const { counts } = useContext(LiveContext);
  const [latest, setLatest] = useState(loaded);
  const loadedKey = `${loaded.notifications}:${loaded.messages}`;
  // Fresh page data wins over an older stream event, a newer stream event over the page data.
  useEffect(() => setLatest(loaded), [loadedKey]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (counts) setLatest(counts);
  }, [counts]);
  return latest;
}

/** Calls `listener` for every event of the stream while the component is mounted. */
export function useLiveEvents(listener: (message: LiveMessage) => void): void {
  const { subscribe } = useContext(LiveContext);
  const current = useRef(listener);
  current.current = listener;
  useEffect(() => subscribe((message) => current.current(message)), [subscribe]);
}
