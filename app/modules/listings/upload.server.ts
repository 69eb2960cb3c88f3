import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_PHOTO_BYTES } from "./photos.server";
import { MAX_PHOTOS } from "./schemas";

const MAX_TEXT_FIELD_BYTES = 64 * 1024;

export interface PhotoUpload {
  formData: FormData;
  files: { name: string; data: Buffer }[];
  /** A message for the photos field when a file was too large or there were too many; else null. */
  problem: string | null;
}

/**
 * Reads a multipart form (works without JavaScript): text fields into FormData, files of the
 * `photos` field into memory, at most 15 MB each and ten in all. An oversized file is drained and
 * reported rather than thrown, so the form comes back with everything else the member typed.
 */
export async function readPhotoForm(request: Request, field = "photos"): Promise<PhotoUpload> {
  const files: { name: string; data: Buffer }[] = [];
  const problems: string[] = [];
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (name === field && typeof filename === "string") {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size <= MAX_PHOTO_BYTES) chunks.push(chunk);
      }
      if (!filename && size === 0) return null; // the empty part a browser sends when no file was chosen
      if (size > MAX_PHOTO_BYTES) problems.push(`${filename} is larger than 15 MB. Please choose a smaller photo.`);
      else if (files.length >= MAX_PHOTOS) problems.push(`Add at most ${MAX_PHOTOS} photos.`);
      else files.push({ name: filename || "photo", data: Buffer.concat(chunks) });
      return null;
    }
    let size = 0;
    const chunks: Uint8Array[] = [];
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= MAX_TEXT_FIELD_BYTES) chunks.push(chunk);
    }
    if (typeof filename === "string") return null; // files in any other field are ignored
    return Buffer.concat(chunks).toString("utf8");
  };
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    throw new Response("This form sends photos: send it again from its page.", { status: 415 });
  }
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof Response) throw error;
    // A truncated body, a bad boundary or a garbled part header: the sender's fault, never a 500.
    throw new Response("This form arrived broken and could not be read; send it again from its page.", {
      status: 400,
    });
  }
  return { formData, files, problem: problems[0] ?? null };
}
