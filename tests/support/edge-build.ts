import type { ActionFunctionArgs, LoaderFunctionArgs, ServerBuild } from "@remix-run/node";
import { json } from "@remix-run/node";
import { sql } from "kysely";
import { handleError } from "~/entry.server";
import { readPhotoForm } from "~/modules/listings/upload.server";

/**
 * A Remix server build of a few routes, for running the real HTTP edge (`createHttpApp`) and the
 * real Remix server runtime in an integration test without compiling the app. The routes do what
 * the real ones do with the input the edge is meant to stop: the search loader hands the query to
 * PostgreSQL, the login action reads the form, the photo action streams the upload through
 * `readPhotoForm`. `calls` counts how often each route's code ran (and how often the photo action finished).
 */
export function edgeTestBuild() {
  const calls = { search: 0, login: 0, photos: 0, photosSettled: 0, webhook: 0 };
  const documentRoute = (id: string, path: string, parts: Record<string, unknown>) => ({
    id,
    parentId: "root",
    path,
    module: { default: () => null, ...parts },
  });
  const build = {
    mode: "production",
    entry: {
      module: {
        // Stands in for the document render: the route data as JSON, so tests can see what ran.
        default: (_request: Request, status: number, headers: Headers, context: { staticHandlerContext: unknown }) => {
          const handlerContext = context.staticHandlerContext as { loaderData: unknown; actionData: unknown };
          headers.set("Content-Type", "application/json");
          return new Response(
            JSON.stringify({ loaderData: handlerContext.loaderData, actionData: handlerContext.actionData }),
            { status, headers },
          );
        },
        handleError,
      },
    },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      "routes/search": documentRoute("routes/search", "search", {
        loader: async ({ request, context }: LoaderFunctionArgs) => {
          calls.search += 1;
          const q = new URL(request.url).searchParams.get("q") ?? "";
          const row = await sql<{ q: string }>`select ${q}::text as q`.execute(context.db);
          return json({ q: row.rows[0]?.q });
        },
      }),
      "routes/login": documentRoute("routes/login", "login", {
        action: async ({ request }: ActionFunctionArgs) => {
          calls.login += 1;
          const form = await request.formData();
          return json({ fields: [...form.keys()] });
        },
      }),
      "routes/listings.new": documentRoute("routes/listings.new", "listings/new", {
        action: async ({ request }: ActionFunctionArgs) => {
          calls.photos += 1;
          try {
            const upload = await readPhotoForm(request);
            return json({ photos: upload.files.length });
          } finally {
            calls.photosSettled += 1;
          }
        },
      }),
      "routes/webhooks.stripe": {
        id: "routes/webhooks.stripe",
        parentId: "root",
        path: "webhooks/stripe",
        module: {
          action: async ({ request }: ActionFunctionArgs) => {
            calls.webhook += 1;
            return json({ bytes: (await request.text()).length });
          },
        },
      },
      "routes/healthz": {
        id: "routes/healthz",
        parentId: "root",
        path: "healthz",
        module: { loader: () => new Response("ok") },
      },
    },
    assets: {
      entry: { module: "/build/entry.js", imports: [] },
      routes: {},
      url: "/build/manifest.js",
      version: "test",
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {},
    isSpaMode: false,
  } as unknown as ServerBuild;
  return { build, calls };
}
