import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { BodyTooLarge } from "~/lib/body-limits.server";
import { NonceProvider } from "~/lib/nonce";
import { stripNul } from "~/lib/strip-nul.server";
import { wireEffects } from "~/wiring/effects.server";

// The host processes start Stoop from the built bundle: build/index.js carries this as
// `entry.module.host`, so they never load a second copy of the app's modules (app/server/built-host.ts).
export * as host from "./server/host.server";

// Who carries out each transition's effects, registered before anything serves a request or runs a job.
wireEffects();

const ABORT_DELAY = 5_000;

/**
 * Renders the whole document into one buffer and answers with it in a single write. No route
 * streams deferred data, so streaming bought nothing but cost: React writes a 34 KB page as ~17
 * two-kilobyte chunks, each passing through a Node stream, a web ReadableStream and the Express
 * adapter. One buffer also gets a Content-Length (docs/decisions/015-search-performance.md).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // The host sets a nonce on every response; a caller without one (a test) renders none.
  const nonce = loadContext.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let rendered = false;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        clearTimeout(timer);
        const body = stripNul(Buffer.concat(chunks));
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        responseHeaders.set("Content-Length", String(body.length));
        resolve(
          new Response(body as unknown as Uint8Array<ArrayBuffer>, {
            headers: responseHeaders,
            status: responseStatusCode,
          }),
        );
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider nonce={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          rendered = true;
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged by handleError; before it, the promise rejects.
          if (rendered) console.error(error);
        },
      },
    );
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  // Thrown Responses (404s, redirects) are control flow, not errors.
  if (error instanceof Response) return;
  // The edge already answered 413 and cut the body off; the route failing to read it is expected.
  if (error instanceof BodyTooLarge) return;
  context.logger?.error({ err: error, url: request.url }, "route error");
}
