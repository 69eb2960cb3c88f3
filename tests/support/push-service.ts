/**
 * A local Web Push service for tests: the `web-push-testing` package's server, started in this
 * process on a loopback port. It hands out subscriptions (as a browser's PushManager would),
 * checks each push's VAPID signature against the subscription's application server key, decrypts
 * the payload (RFC 8291) and keeps it for `messages()`. No outside network is involved.
 */
import { createRequire } from "node:module";
import type { IncomingMessage, Server, ServerResponse } from "node:http";

const require = createRequire(import.meta.url);

interface TestingServer {
  startServer(): void;
  _server?: Server;
}

export interface LocalSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  clientHash: string;
}

export interface LocalPushService {
  url: string;
  subscribe(applicationServerKey: string): Promise<LocalSubscription>;
  /** The decrypted payloads this subscription received, oldest first. */
  messages(clientHash: string): Promise<string[]>;
  /** From now on the service answers 410 Gone for this subscription, as for an uninstalled app. */
  expire(clientHash: string): Promise<void>;
  /** The next push to this subscription is answered with `status` (and not kept), as by a push service having a bad moment. */
  failNext(clientHash: string, status: number): void;
  close(): Promise<void>;
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

export async function startLocalPushService(port: number): Promise<LocalPushService> {
  const WebPushTestingServer = require("web-push-testing/src/server.js") as new (
    model: unknown,
    port: number,
  ) => TestingServer;
  const { PushApiModel } = require("web-push-testing/src/PushApiModel.js") as { PushApiModel: new () => unknown };
  const server = new WebPushTestingServer(new PushApiModel(), port);
  server.startServer();
  const http = server._server!;
  if (!http.listening) await new Promise<void>((resolve) => http.once("listening", () => resolve()));
  // In front of the package's own handler: it has no way to fail a push with a server error.
  const failures = new Map<string, number>();
  const handlers = http.listeners("request") as ((request: IncomingMessage, response: ServerResponse) => void)[];
  http.removeAllListeners("request");
  http.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const clientHash = /^\/notify\/([^/?]+)/.exec(request.url ?? "")?.[1];
    const status = clientHash && request.method === "POST" ? failures.get(clientHash) : undefined;
    if (clientHash && status) {
      failures.delete(clientHash);
      request.resume();
      response.writeHead(status).end();
      return;
    }
    for (const handler of handlers) handler(request, response);
  });
  const url = `http://localhost:${port}`;
  return {
    url,
    async subscribe(applicationServerKey) {
      const response = await post(`${url}/subscribe`, { applicationServerKey, userVisibleOnly: "true" });
      if (!response.ok) throw new Error(`the local push service refused to subscribe: ${await response.text()}`);
      return ((await response.json()) as { data: LocalSubscription }).data;
    },
    async messages(clientHash) {
      const response = await post(`${url}/get-notifications`, { clientHash });
      if (!response.ok) throw new Error(`the local push service has no such subscription: ${await response.text()}`);
      return ((await response.json()) as { data: { messages: string[] } }).data.messages;
    },
    async expire(clientHash) {
      const response = await post(`${url}/expire-subscription/${clientHash}`, {});
      if (!response.ok) throw new Error(`could not expire the subscription: ${await response.text()}`);
    },
    failNext(clientHash, status) {
      failures.set(clientHash, status);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
