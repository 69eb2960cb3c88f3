import type { LoaderFunctionArgs } from "@remix-run/node";
import { currentUser } from "~/lib/auth.server";
import { wantedPhotoAudience } from "~/modules/community/wanted-queries.server";
import { evidencePhotoAudience } from "~/modules/disputes/disputes.server";
import { listingPhotoAudience } from "~/modules/listings/photo-access.server";
import { logUnavailable } from "~/lib/http.server";
import { photoStorageFor, PhotoStorageUnavailable } from "~/modules/listings/storage.server";

// "<ownerId>/<photoId>-<width>.webp": ids are random, so a variant's bytes never change.
const KEY = /^([A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64})-(320|800|1600)\.webp$/;

export async function loader({ params, context }: LoaderFunctionArgs) {
  try {
    return await servePhoto(params["*"] ?? "", context);
  } catch (error) {
    if (!(error instanceof PhotoStorageUnavailable)) throw error;
    logUnavailable(context.logger, error);
    // Not cached anywhere: the same URL works again once the bucket is back.
    return new Response(error.message, {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Retry-After": "30" },
    });
  }
}

async function servePhoto(key: string, context: LoaderFunctionArgs["context"]) {
  const match = KEY.exec(key);
  if (!match) throw new Response("Not found", { status: 404 });
  const user = currentUser(context);
  const viewer = user ? { userId: user.id, role: user.role } : null;
  const storageKey = match[1]!;
  // Drafts, hidden listings and dispute evidence are private: a stranger gets the same 404 as
  // for a missing file, and nobody's copy is cached on the way.
  const audience =
    (await listingPhotoAudience(context.db, storageKey, viewer)) ??
    (await evidencePhotoAudience(context.db, storageKey, viewer)) ??
    (await wantedPhotoAudience(context.db, storageKey, viewer)) ??
    "hidden";
  if (audience === "hidden") throw new Response("Not found", { status: 404 });
  const bytes = await photoStorageFor(context.config).get(key);
  if (!bytes) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "image/webp",
      "Content-Length": String(bytes.length),
      "Cache-Control": audience === "public" ? "public, max-age=31536000, immutable" : "private, no-store",
    },
  });
}
