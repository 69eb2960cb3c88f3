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

  it.each([
    ["a file name with ; as browsers send it", 'Content-Disposition: form-data; name="photos"; filename="a;b.png"'],
    ["a part without its disposition's form-data", 'Content-Disposition: attachment; name="photos"'],
    ["a header line without a colon", "Content-Disposition form-data"],
  ])("answers %s with 400, not a 500", async (_name, head) => {
    expect(await statusOf(multipart(head))).toBe(400);
  });

  it("answers a body that is not multipart with 415", async () => {
    const request = new Request("http://stoop.test/listings/new", {
      method: "POST",
      body: new URLSearchParams({ a: "1" }),
    });
    expect(await statusOf(request)).toBe(415);
  });
});
