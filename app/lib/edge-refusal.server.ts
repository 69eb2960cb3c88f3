import type { ServerResponse } from "node:http";

const TITLES: Record<number, string> = {
  400: "Bad request",
  403: "Not allowed",
  413: "Too large",
  415: "Not a form Stoop accepts",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The answer for a request refused before Remix: a small page that says what was wrong, with no
 * scripts or styles (so it needs nothing the Content-Security-Policy would have to allow).
 */
export function sendEdgeRefusal(res: ServerResponse, status: number, message: string): void {
  const title = TITLES[status] ?? "Request refused";
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title} · Stoop</title></head>
<body><main><h1>${title}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the front page</a></p></main></body></html>
`;
  res.statusCode = status;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.setHeader("Cache-Control", "no-store");
  res.end(body);
}
