import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import busboy from "busboy";
import { MAX_PHOTO_BYTES } from "./photos.server";
import { MAX_PHOTOS } from "./schemas";

const MAX_TEXT_FIELD_BYTES = 64 * 1024;
/** More parts than any of Stoop's forms has, so a body of a million empty parts stops early. */
const MAX_PARTS = 200;

export interface PhotoUpload {
  formData: FormData;
  files: { name: string; data: Buffer }[];
  /** A message for the photos field when a file was too large or there were too many; else null. */
  problem: string | null;
}

const BROKEN = "This form arrived broken and could not be read; send it again from its page.";

/**
 * Reads a multipart form (works without JavaScript): text fields into FormData, files of the
 * `photos` field into memory, at most 15 MB each and ten in all. An oversized file is drained and
 * reported rather than thrown, so the form comes back with everything else the member typed.
 *
 * busboy, not Remix's `unstable_parseMultipartFormData`: Remix's parser splits a part's
 * Content-Disposition on every `;`, so a file named `a;b.png` (browsers send it quoted, as is)
 * made the whole form "malformed". busboy reads quoted parameters as RFC 7578 says, and UTF-8
 * file names as browsers send them.
 */
export async function readPhotoForm(request: Request, field = "photos"): Promise<PhotoUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    throw new Response("This form sends photos: send it again from its page.", { status: 415 });
  }
  if (!request.body) throw new Response(BROKEN, { status: 400 });

  const formData = new FormData();
  const files: { name: string; data: Buffer }[] = [];
  const problems: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({
        headers: { "content-type": contentType },
        defParamCharset: "utf8",
        limits: { fieldSize: MAX_TEXT_FIELD_BYTES, fileSize: MAX_PHOTO_BYTES, parts: MAX_PARTS },
      });
      parser.on("field", (name, value) => formData.append(name, value));
      parser.on("file", (name, stream, info) => {
        // Files in any other field are drained and ignored.
        if (name !== field) return void stream.resume();
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on("data", (chunk: Buffer) => {
          size += chunk.length;
          chunks.push(chunk);
        });
        stream.on("end", () => {
          const filename = info.filename ?? "";
          if (!filename && size === 0) return; // the empty part a browser sends when no file was chosen
          if (stream.truncated) problems.push(`${filename} is larger than 15 MB. Please choose a smaller photo.`);
          else if (files.length >= MAX_PHOTOS) problems.push(`Add at most ${MAX_PHOTOS} photos.`);
          else files.push({ name: filename || "photo", data: Buffer.concat(chunks) });
        });
      });
      parser.on("partsLimit", () => reject(new Error("too many parts")));
      parser.on("error", reject);
      parser.on("close", resolve);
      const body = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
      body.on("error", reject);
      body.pipe(parser);
    });
  } catch {
    // A truncated body, a bad boundary or a garbled part header: the sender's fault, never a 500.
    throw new Response(BROKEN, { status: 400 });
  }
  return { formData, files, problem: problems[0] ?? null };
}
