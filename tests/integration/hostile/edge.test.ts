import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM_BODY_LIMIT, PHOTO_FORM_BODY_LIMIT, WEBHOOK_BODY_LIMIT } from "~/lib/body-limits.server";
import { loadConfig } from "~/lib/env.server";
import { PaymentsRuntime } from "~/modules/payments/runtime.server";
import { createHttpApp } from "~/server/http";
import { useTestDatabase } from "../../support/database";
import { edgeTestBuild } from "../../support/edge-build";

/**
 * Hostile requests replayed against a real server: `createHttpApp` (the edge as `npm start` runs
 * it) in front of the real Remix server runtime, on a real database. Each class must get its
 * 4xx from the edge, never a 500, and (where the answer says so) without the route's code running.
 */

const database = useTestDatabase();

interface RunningEdge {
  url: string;
  port: number;
  calls: ReturnType<typeof edgeTestBuild>["calls"];
  /** What the server logged at warn level and above. */
  logged: { level: number; msg: string }[];
  /** Every answer the server finished sending, in order. */
  answered: { path: string; status: number }[];
  close(): Promise<void>;
}

let rootDir: string;
const servers: RunningEdge[] = [];

beforeAll(async () => {
  rootDir = await fs.mkdtemp(path.join(os.tmpdir(), "stoop-edge-"));
  await fs.mkdir(path.join(rootDir, "public/build"), { recursive: true });
  await fs.writeFile(path.join(rootDir, "public/build/entry-TEST.js"), "export {};\n");
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await fs.rm(rootDir, { recursive: true, force: true });
});

async function startEdge(env: Record<string, string> = {}): Promise<RunningEdge> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const config = loadConfig({
    NODE_ENV: "production",
    PAYMENTS: "stand-in",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: path.join(rootDir, "data"),
    LOG_LEVEL: "silent",
    ...env,
  });
  const payments = new PaymentsRuntime(config);
  payments.attachToPort("127.0.0.1", port);
  const { build, calls } = edgeTestBuild();
  const logged: RunningEdge["logged"] = [];
  const sink = new Writable({
    write(line: Buffer, _encoding, callback) {
      logged.push(JSON.parse(line.toString()) as { level: number; msg: string });
      callback();
    },
  });
  const logger = pino({ level: "warn" }, sink);
  const app = createHttpApp({ build, config, db: database.db, logger, rootDir, payments });
  const answered: RunningEdge["answered"] = [];
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) =>
    res.on("finish", () => answered.push({ path: req.url ?? "", status: res.statusCode })),
  );
  server.on("request", app);
  const running: RunningEdge = {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    logged,
    answered,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      payments.close();
    },
  };
  servers.push(running);
  return running;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Sent {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A whole body (sent with Content-Length unless the headers say chunked). */
  body?: string | Buffer;
  /** Or a body streamed in chunks until the server answers (or the chunks run out). */
  chunks?: { size: number; count: number; first?: Buffer };
}

/** One request over a fresh connection; resolves with the answer even if the server stops reading. */
function send(edge: RunningEdge, sent: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request({
      host: "127.0.0.1",
      port: edge.port,
      method: sent.method ?? "GET",
      path: sent.path,
      headers: { Origin: edge.url, ...sent.headers },
      agent: false,
    });
    request.on("response", (response) => {
      answered = true;
      const parts: Buffer[] = [];
      response.on("data", (part: Buffer) => parts.push(part));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts).toString() });
        request.destroy();
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    if (sent.chunks) {
      const { size, count, first } = sent.chunks;
      const filler = Buffer.alloc(size, "a");
      let written = 0;
      const writeMore = () => {
        while (!answered && written < count) {
          const part = written === 0 && first ? Buffer.concat([first, filler]) : filler;
          written += 1;
          if (!request.write(part)) return void request.once("drain", writeMore);
        }
        if (!answered) request.end();
      };
      writeMore();
    } else {
      request.end(sent.body);
    }
  });
}

const form = "application/x-www-form-urlencoded";

describe("the HTTP edge against hostile requests", () => {
  let edge: RunningEdge;
  beforeAll(async () => {
    edge = await startEdge();
  });

  it("answers an ordinary form post and search (the routes work when the input is fine)", async () => {
    const login = await send(edge, {
      method: "POST",
      path: "/login",
      headers: { "Content-Type": form },
      body: "email=a%40b.test",
    });
    expect(login.status).toBe(200);
    expect(JSON.parse(login.body).actionData["routes/login"]).toEqual({ fields: ["email"] });
    const search = await send(edge, { path: "/search?q=lamp" });
    expect(search.status).toBe(200);
  });

  it("refuses a form body that declares more than 1 MB with 413 before the route reads any of it", async () => {
    const before = edge.calls.login;
    const answer = await send(edge, {
      method: "POST",
      path: "/login",
      headers: { "Content-Type": form, "Content-Length": String(200 * 1024 * 1024) },
      chunks: { size: 64 * 1024, count: 4 },
    });
    expect(answer.status).toBe(413);
    expect(edge.calls.login).toBe(before);
  });

  it("refuses a chunked form body once it passes 1 MB, and the route never starts on it", async () => {
    const before = edge.calls.login;
    const answer = await send(edge, {
      method: "POST",
      path: "/login",
      headers: { "Content-Type": form, "Transfer-Encoding": "chunked" },
      chunks: { size: 256 * 1024, count: 200 * 4 }, // would be 200 MB
    });
    expect(answer.status).toBe(413);
    expect(edge.calls.login).toBe(before);
  });

  it("still hands a chunked form under the limit to the route whole", async () => {
    const answer = await send(edge, {
      method: "POST",
      path: "/login",
      headers: { "Content-Type": form, "Transfer-Encoding": "chunked" },
      chunks: { size: FORM_BODY_LIMIT / 4, count: 3, first: Buffer.from("email=x&notes=") },
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).actionData["routes/login"]).toEqual({ fields: ["email", "notes"] });
  });

  it("refuses a multipart body over the photo limit on a non-photo route at 1 MB", async () => {
    const answer = await send(edge, {
      method: "POST",
      path: "/login",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(2 * FORM_BODY_LIMIT) },
      chunks: { size: 1024, count: 1 },
    });
    expect(answer.status).toBe(413);
  });

  it("refuses a photo form that declares more than ten 15 MB photos", async () => {
    const before = edge.calls.photos;
    const answer = await send(edge, {
      method: "POST",
      path: "/listings/new",
      headers: {
        "Content-Type": "multipart/form-data; boundary=x",
        "Content-Length": String(PHOTO_FORM_BODY_LIMIT + 1),
      },
      chunks: { size: 1024, count: 1 },
    });
    expect(answer.status).toBe(413);
    expect(edge.calls.photos).toBe(before);
  });

  it("stops a chunked photo form at the photo limit with 413, and keeps serving", async () => {
    const head = Buffer.from(
      '--x\r\nContent-Disposition: form-data; name="photos"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
    );
    const chunk = 4 * 1024 * 1024;
    const answer = await send(edge, {
      method: "POST",
      path: "/listings/new",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Transfer-Encoding": "chunked" },
      chunks: { size: chunk, count: Math.ceil(PHOTO_FORM_BODY_LIMIT / chunk) + 8, first: head },
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || error.code === "ECONNRESET") return null;
      throw error;
    });
    // The server answers 413 at the limit; a client still sending may then see its connection
    // closed under it (EPIPE) before it reads the answer, which is TCP's race, not the server's.
    expect(answer?.status ?? edge.answered.find((entry) => entry.path === "/listings/new")?.status).toBe(413);
    // The route's parser fails once the body is cut off; that is the client's doing, not an error.
    // Once the route has finished, one more round trip lets the rest of its answer run first.
    await expect.poll(() => edge.calls.photosSettled).toBe(edge.calls.photos);
    expect((await send(edge, { path: "/search?q=after" })).status).toBe(200);
    expect(edge.logged.filter((entry) => entry.level >= 50)).toEqual([]);
    // 151 MB through loopback: ~6 s on a quiet machine, several times that on a busy CI machine.
  }, 180_000);

  it("gives the Stripe webhook its own small limit", async () => {
    const answer = await send(edge, {
      method: "POST",
      path: "/webhooks/stripe",
      headers: { "Content-Type": "application/json", "Content-Length": String(WEBHOOK_BODY_LIMIT + 1) },
      chunks: { size: 1024, count: 1 },
    });
    expect(answer.status).toBe(413);
  });

  it.each([
    ["application/json", '{"email":"a@b.test"}', 415],
    ["text/plain", "email=a@b.test", 415],
    ["application/xml", "<email/>", 415],
    ["multipart/form-data", "--x--", 400],
  ])("refuses a %s body on a page's action before the route runs", async (contentType, body, status) => {
    const before = edge.calls.login;
    const answer = await send(edge, { method: "POST", path: "/login", headers: { "Content-Type": contentType }, body });
    expect(answer.status).toBe(status);
    expect(answer.headers["content-type"]).toMatch(/^text\/html/);
    expect(edge.calls.login).toBe(before);
  });

  it("refuses a body without any content type", async () => {
    const answer = await send(edge, { method: "POST", path: "/login", body: "email=a" });
    expect(answer.status).toBe(415);
  });

  it("still takes Stripe's JSON on the webhook route", async () => {
    const answer = await send(edge, {
      method: "POST",
      path: "/webhooks/stripe",
      headers: { "Content-Type": "application/json; charset=utf-8", Origin: "" },
      body: '{"id":"evt_1"}',
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ bytes: 14 });
  });

  it.each(["/search?q=%00", "/search?q=a%00b", "/search?q=%01", "/search?q=%1F", "/search%00", "/%00/x"])(
    "refuses %s (a NUL or control character) with a 400 page before any query runs",
    async (target) => {
      const before = edge.calls.search;
      const answer = await send(edge, { path: target });
      expect(answer.status).toBe(400);
      expect(answer.body).toContain("control characters");
      expect(edge.calls.search).toBe(before);
    },
  );

  it("still passes tabs and newlines in a search", async () => {
    const answer = await send(edge, { path: "/search?q=oak%09table%0A" });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).loaderData["routes/search"]).toEqual({ q: "oak\ttable\n" });
  });

  it.each(["/search?q=%E0%A4%A", "/search?q=%", "/search?q=%ZZ", "/sea%E0rch"])(
    "refuses %s (broken percent-encoding) with 400",
    async (target) => {
      const answer = await send(edge, { path: target });
      expect(answer.status).toBe(400);
      expect(answer.body).toContain("broken %-encoding");
    },
  );

  it("refuses a form whose Origin is PUBLIC_URL but whose Host is another (an unconfigured proxy) with 403 naming the setting", async () => {
    const before = edge.calls.login;
    const answer = await send(edge, {
      method: "POST",
      path: "/login",
      headers: { "Content-Type": form, Host: "10.0.0.5:3000" },
      body: "email=a",
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("TRUST_PROXY");
    expect(answer.body).toContain("proxy_set_header Host $host");
    expect(edge.calls.login).toBe(before);
  });

  it("ignores a forged X-Forwarded-Host when no proxy is trusted (Remix would otherwise 500 on it)", async () => {
    const answer = await send(edge, {
      method: "POST",
      path: "/login",
      headers: { "Content-Type": form, "X-Forwarded-Host": "evil.example" },
      body: "email=a",
    });
    expect(answer.status).toBe(200);
  });

  it("accepts the same form through a trusted proxy that does not forward Host", async () => {
    const proxied = await startEdge({ TRUST_PROXY: "1" });
    const answer = await send(proxied, {
      method: "POST",
      path: "/login",
      headers: { "Content-Type": form, Host: "10.0.0.5:3000", "X-Forwarded-Host": "internal" },
      body: "email=a",
    });
    expect(answer.status).toBe(200);
    expect(proxied.calls.login).toBe(1);
  });
});

describe("the public host", () => {
  let edge: RunningEdge;
  beforeAll(async () => {
    edge = await startEdge();
  });

  it("sends a page opened under another name for the server to PUBLIC_URL, path and query kept", async () => {
    const answer = await send(edge, { path: "/search?q=lamp", headers: { Host: `localhost:${edge.port}` } });
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe(`${edge.url}/search?q=lamp`);
    expect(edge.calls.search).toBe(0);
  });

  it("serves PUBLIC_URL's own host, with any letter case", async () => {
    expect((await send(edge, { path: "/search?q=lamp" })).status).toBe(200);
    const upper = await send(edge, {
      path: "/search?q=lamp",
      headers: { Host: `127.0.0.1:${edge.port}`.toUpperCase() },
    });
    expect(upper.status).toBe(200);
  });

  it("answers /healthz on any host (load balancers probe by address)", async () => {
    const answer = await send(edge, { path: "/healthz", headers: { Host: "10.0.0.5:3000" } });
    expect(answer.status).toBe(200);
  });

  it("leaves the host alone behind a trusted proxy, which owns the public name", async () => {
    const proxied = await startEdge({ TRUST_PROXY: "1" });
    const answer = await send(proxied, { path: "/search?q=lamp", headers: { Host: "10.0.0.5:3000" } });
    expect(answer.status).toBe(200);
  });

  it("puts the security headers on a static /build file too", async () => {
    const answer = await send(edge, { path: "/build/entry-TEST.js" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    expect(answer.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });
});
