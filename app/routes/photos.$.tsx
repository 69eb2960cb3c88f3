import type { LoaderFunctionArgs } from "@remix-run/node";
import { photoStorageFor } from "~/modules/listings/storage.server";

// "<listingId>/<photoId>-<width>.webp": ids are random, so a variant's bytes never change.
const KEY = /^[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}-(320|800|1600)\.webp$/;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const key = params["*"] ?? "";
  if (!KEY.test(key)) throw new Response("Not found", { status: 404 });
  const bytes = await photoStorageFor(context.config).get(key);
  if (!bytes) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "image/webp",
      "Content-Length": String(bytes.length),
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}
