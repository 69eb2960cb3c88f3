import { describe, expect, it } from "vitest";
import { readPhotoForm } from "~/modules/listings/upload.server";

function multipart(head: string, body = "data") {
  return new Request("http://stoop.test/listings/new", {
    method: "POST",
    headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
    body: `--xyz\r\n${head}\r\n\r\n${body}\r\n--xyz--\r\n`,
  });
}

async function statusOf(request: Request) {
  try {
    await readPhotoForm(request);
    return 200;
  } catch (error) {
    return error instanceof Response ? error.status : -1;
  }
}

describe("reading a photo form", () => {
  it("reads a well-formed part", async () => {
    const upload = await readPhotoForm(multipart('Content-Disposition: form-data; name="title"', "Desk"));
    expect(upload.formData.get("title")).toBe("Desk");
  });

  it.each(["a;b.png", "a=b.png", "x; filename=evil.png", "café ☕.png"])(
    "accepts a file named %s as browsers send it (quoted, as is)",
    async (filename) => {
      const upload = await readPhotoForm(
        multipart(`Content-Disposition: form-data; name="photos"; filename="${filename}"\r\nContent-Type: image/png`),
      );
      expect(upload.files).toEqual([{ name: filename, data: Buffer.from("data") }]);
    },
  );

  it.each([["a part without its disposition's form-data", 'Content-Disposition: attachment; name="photos"']])(
    "skips %s: nothing is read from it, and no 500",
    async (_name, head) => {
      const upload = await readPhotoForm(multipart(head));
      expect(upload.files).toEqual([]);
      expect([...upload.formData.keys()]).toEqual([]);
    },
  );

  it.each([
    ["a body cut off before its closing boundary", '--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\nDe'],
    ["a body with no boundary at all", "just bytes"],
  ])("answers %s with 400", async (_name, body) => {
    const request = new Request("http://stoop.test/listings/new", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
      body,
    });
    expect(await statusOf(request)).toBe(400);
  });

  it("answers a part header line without a colon with 400", async () => {
    expect(await statusOf(multipart("Content-Disposition form-data"))).toBe(400);
  });

  it("answers a multipart type without a boundary with 400", async () => {
    const request = new Request("http://stoop.test/listings/new", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data" },
      body: "--xyz--",
    });
    expect(await statusOf(request)).toBe(400);
  });

  it("answers a body that is not multipart with 415", async () => {
    const request = new Request("http://stoop.test/listings/new", {
      method: "POST",
      body: new URLSearchParams({ a: "1" }),
    });
    expect(await statusOf(request)).toBe(415);
  });
});
