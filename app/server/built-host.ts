/**
 * Loads the built server bundle for the host processes. Only Node built-ins and type imports here:
 * anything of the app imported at run time would be a second copy beside the bundle's own.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type * as HostModule from "./host.server";

export type Host = typeof HostModule;

export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export class NoBuildError extends Error {
  constructor() {
    super("no build found: run `npm run build` first (or `npm run demo`)");
    this.name = "NoBuildError";
  }
}

/** build/index.js as the Remix request handler wants it, and the host facade inside it. */
export async function loadBuiltHost(
  file = path.join(rootDir, "build/index.js"),
): Promise<{ build: ServerBuild; host: Host }> {
  if (!existsSync(file)) throw new NoBuildError();
  const build = (await import(pathToFileURL(file).href)) as ServerBuild;
  const host = (build.entry.module as unknown as { host?: Host }).host;
  if (!host) throw new Error(`${file} has no host entry: it is older than this code; run \`npm run build\` again.`);
  return { build, host };
}
