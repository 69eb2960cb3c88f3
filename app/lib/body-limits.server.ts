import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_PHOTO_BYTES } from "~/modules/listings/photos.server";
import { MAX_PHOTOS } from "~/modules/listings/schemas";
import { sendEdgeRefusal } from "./edge-refusal.server";

/**
 * Request bodies are limited at the edge, before Remix (or the Stripe stand-in) reads a byte:
 * `request.formData()` buffers a whole body, so without a limit one 200 MB post costs the
 * process 200 MB, and four at once exhaust it.
 */

const MiB = 1024 * 1024;

/** Every form but the photo forms: a listing's longest text is a few KB; 1 MB is generous. */
export const FORM_BODY_LIMIT = 1 * MiB;

/** The photo forms: the most photos a form takes at the largest size each, plus 1 MB for the text fields and part headers. */
export const PHOTO_FORM_BODY_LIMIT = MAX_PHOTOS * MAX_PHOTO_BYTES + 1 * MiB;

/** Stripe's events are a few KB; their signature covers the raw body, which is held in memory whole. */
export const WEBHOOK_BODY_LIMIT = 512 * 1024;

/** The routes whose actions read photos (`readPhotoForm`); only they accept large multipart bodies. */
const PHOTO_FORM_PATHS = [
  /^\/listings\/new\/?$/,
  /^\/listings\/[^/]+\/edit\/?$/,
  /^\/retailers\/new\/?$/,
  /^\/orders\/[^/]+\/dispute\/?$/,
  /^\/wanted\/new\/?$/,
];

/** The only routes that take bodies other than HTML form encodings. */
const OWN_FORMAT_PATHS = [/^\/webhooks\/stripe\/?$/];

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export function isPhotoFormPath(path: string): boolean {
  return PHOTO_FORM_PATHS.some((pattern) => pattern.test(path));
}

/** The most bytes a request to this path with this content type may send. */
export function bodyLimitFor(path: string, contentType: string | undefined): number {
  if (OWN_FORMAT_PATHS.some((pattern) => pattern.test(path))) return WEBHOOK_BODY_LIMIT;
  if (mediaTypeOf(contentType) === "multipart/form-data" && isPhotoFormPath(path)) return PHOTO_FORM_BODY_LIMIT;
  return FORM_BODY_LIMIT;
}

export type BodyTypeProblem = { status: 415 | 400; message: string } | null;

/**
 * Pages post HTML forms and nothing else (Remix's `?_data` submissions use the same two
 * encodings), so any other body is refused before a route tries to parse it. The webhook takes
 * Stripe's JSON; the stand-in's API and pages are exempted by the caller.
 */
export function bodyTypeProblem(path: string, contentType: string | undefined): BodyTypeProblem {
  if (OWN_FORMAT_PATHS.some((pattern) => pattern.test(path))) return null;
  const type = mediaTypeOf(contentType);
  if (!FORM_TYPES.has(type)) {
    return {
      status: 415,
      message:
        "Stoop only accepts its own forms here (sent as application/x-www-form-urlencoded or multipart/form-data).",
    };
  }
  // Without a boundary the body cannot be split into fields: refuse it here rather than in every route.
  if (type === "multipart/form-data" && !/;\s*boundary=("[^"]+"|[^\s;]+)/i.test(contentType ?? "")) {
    return {
      status: 400,
      message: "This form arrived broken (its multipart boundary is missing). Please send it again.",
    };
  }
  return null;
}

export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  if (req.headers["transfer-encoding"] !== undefined) return true;
  return length !== undefined && length !== "0";
}

const TOO_LARGE = (limit: number) =>
  `That was more than Stoop accepts in one request (${Math.round(limit / MiB)} MB at most here). Please send less.`;

/**
 * Refuses a body over `limit` bytes with 413 without reading it into memory.
 *
 * - A declared Content-Length above the limit is refused at once; Node's parser never delivers
 *   more than the declared length, so a body under it needs no counting.
 * - A chunked body of a small-limit request is held back here until it has all arrived, then
 *   handed on: the route never starts on a body that turns out to be too large.
 * - A chunked photo form (up to ~151 MB) is counted while the route streams it; past the limit
 *   nothing more is delivered, the 413 goes out, and the stream then fails so the route's parser
 *   stops with an error instead of seeing a truncated form.
 *
 * Counting happens in `push`, the one method through which Node hands a request's body to its
 * stream: the Remix adapter and the stand-in read `req` themselves, so a wrapper stream would not
 * be the one they read.
 */
export function limitBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  next: (error?: unknown) => void,
): void {
  const declared = req.headers["content-length"];
  if (declared !== undefined && req.headers["transfer-encoding"] === undefined) {
    if (Number(declared) > limit) return refuseOversize(req, res, limit, false);
    return next();
  }

  const originalPush = req.push.bind(req);
  let received = 0;
  let refused = false;

  if (limit <= FORM_BODY_LIMIT) {
    const held: Buffer[] = [];
    req.push = (chunk: unknown) => {
      if (refused) return lingerOn(req, chunk);
      if (chunk === null) {
        req.push = originalPush;
        for (const part of held) originalPush(part);
        originalPush(null);
        // Out of the parser's callback before the app runs.
        process.nextTick(next);
        return false;
      }
      const bytes = chunk as Buffer;
      received += bytes.length;
      if (received > limit) {
        refused = true;
        held.length = 0;
        refuseOversize(req, res, limit, false);
        return false;
      }
      held.push(bytes);
      return true;
    };
    return;
  }

  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (refused) return lingerOn(req, chunk);
    if (chunk !== null) {
      received += (chunk as Buffer).length;
      if (received > limit) {
        refused = true;
        refuseOversize(req, res, limit, true);
        return false;
      }
    }
    return originalPush(chunk, encoding);
  };
  next();
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes refused`);
    this.name = "BodyTooLarge";
  }
}

const refusedWhileRead = new WeakSet<ServerResponse>();

/**
 * True when this response was a 413 sent while a route was already reading the body: that route
 * then fails (its body stream errors) and Remix tries to answer a second time, neither of which
 * is worth an error in the log.
 */
export function wasCutOff(res: ServerResponse): boolean {
  return refusedWhileRead.has(res);
}

function refuseOversize(req: IncomingMessage, res: ServerResponse, limit: number, readerStarted: boolean) {
  if (readerStarted) refusedWhileRead.add(res);
  // No `Connection: close`: Node would then close the socket as soon as the answer is out, and a
  // socket closed while the client is still sending is reset (RST), so the client may lose the 413
  // it was about to read. Instead linger: the rest of the body is read and dropped (never kept)
  // until the client stops sending or hangs up, or LINGER_MS pass; then the connection is closed
  // (nginx's lingering_close does the same).
  res.on("finish", () => {
    const close = () => {
      if (readerStarted) {
        // The reader sees the error (never a cut-off form); this listener keeps it from being an
        // uncaught one if none is attached yet.
        req.on("error", () => {});
        req.destroy(new BodyTooLarge(limit));
      } else req.socket.destroySoon();
    };
    const timer = setTimeout(close, LINGER_MS);
    timer.unref();
    let closed = false;
    lingering.set(req, () => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      close();
    });
    // A body nobody counted (a declared Content-Length over the limit) is drained here.
    if (!readerStarted && !req.readableEnded) req.resume();
    req.once("end", () => lingering.get(req)?.());
    // The client gave up sending (it read the 413 and hung up): nothing left to linger for.
    req.socket.once("close", () => lingering.get(req)?.());
  });
  sendEdgeRefusal(res, 413, TOO_LARGE(limit));
}

const LINGER_MS = 5_000;
const lingering = new WeakMap<IncomingMessage, () => void>();

/** What a counted body's `push` does once refused: drop the bytes; at the body's end, close. */
function lingerOn(req: IncomingMessage, chunk: unknown): boolean {
  if (chunk === null) {
    const close = lingering.get(req);
    if (close) close();
    else process.nextTick(() => lingering.get(req)?.());
  }
  return true;
}
