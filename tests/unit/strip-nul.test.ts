import { PassThrough } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NulStripper, stripNul } from "~/lib/strip-nul.server";

// Many text nodes of varying length: some multi-byte character is bound to straddle a 2 KB buffer edge.
const page = () =>
  createElement(
    "ul",
    null,
    ...Array.from({ length: 400 }, (_, i) =>
      createElement("li", { key: i }, "“rocking chair” · 3 km ".repeat((i % 7) + 1)),
    ),
  );

async function stream(through: () => NodeJS.ReadWriteStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(page(), {
      onAllReady() {
        const body = through();
        body.on("data", (chunk: Buffer) => chunks.push(chunk));
        body.on("end", () => resolve());
        pipe(body as unknown as NodeJS.WritableStream);
      },
      onShellError: reject,
    });
  });
  return Buffer.concat(chunks);
}

describe("streamed HTML with multi-byte characters", () => {
  it("comes out of React 18.3 with stray NUL bytes at buffer edges (the bug being worked around)", async () => {
    expect((await stream(() => new PassThrough())).includes(0)).toBe(true);
  });

  it("is exactly what React renders to a string once the NUL bytes are stripped", async () => {
    const html = (await stream(() => new NulStripper())).toString("utf8");
    expect(html).toBe(renderToString(page()));
  });

  it("is also exactly React's output when the whole document is buffered first (entry.server)", async () => {
    const buffered = stripNul(await stream(() => new PassThrough()));
    expect(buffered.toString("utf8")).toBe(renderToString(page()));
    const clean = Buffer.from("<p>no NUL here</p>");
    expect(stripNul(clean)).toBe(clean);
  });
});
