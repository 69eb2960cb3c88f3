import { randomBytes } from "node:crypto";

/** Opaque, URL-safe, non-sequential ids (96 random bits) for anything that may appear in a URL. */
export function newId(): string {
  return randomBytes(12).toString("base64url");
}
