import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isStorableText, parseForm, parseSearchParams, readForm } from "~/lib/forms";
import { idParam } from "~/lib/id-params.server";

const schema = z.object({
  email: z.email({ message: "Enter a valid email" }),
  password: z.string().min(10, "Too short"),
});

function formData(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
}

describe("parseForm", () => {
  it("returns the parsed data when the form is valid", () => {
    expect(parseForm(schema, formData({ email: "a@example.test", password: "0123456789" }))).toEqual({
      ok: true,
      data: { email: "a@example.test", password: "0123456789" },
    });
  });

  it("returns errors per field and keeps what was typed, except secrets", () => {
    const result = parseForm(schema, formData({ email: "nope", password: "short" }));
    expect(result).toEqual({
      ok: false,
      fieldErrors: { email: ["Enter a valid email"], password: ["Too short"] },
      formError: null,
      values: { email: "nope" },
    });
  });
});

describe("parseForm with text that cannot be stored", () => {
  const note = z.object({ title: z.string().min(1, "Enter a title"), body: z.string() });

  it.each([
    ["a NUL byte", "a\u0000b"],
    ["a bell", "a\u0007b"],
    ["a vertical tab", "a\u000bb"],
    ["an escape", "\u001b[31mred"],
  ])("refuses %s next to its field and keeps what was typed", (_name, title) => {
    const result = parseForm(note, formData({ title, body: "fine" }));
    expect(result).toEqual({
      ok: false,
      fieldErrors: { title: ["This contains characters Stoop can't store"] },
      formError: expect.stringContaining("characters Stoop can't store"),
      values: { title, body: "fine" },
    });
  });

  it("finds lone surrogates too (FormData itself already turns them into U+FFFD)", () => {
    expect(isStorableText("a\ud800b")).toBe(false);
    expect(isStorableText("a\udc00b")).toBe(false);
    expect(isStorableText("🪑")).toBe(true);
  });

  it("accepts tabs, new lines, emoji and accents", () => {
    const body = "line one\r\nline two\tend · café 🪑";
    expect(parseForm(note, formData({ title: "Chair", body }))).toEqual({ ok: true, data: { title: "Chair", body } });
  });

  it("refuses a field the schema does not read, and still reports the schema's own errors", () => {
    const result = parseForm(note, formData({ title: "", body: "x", extra: "\u0000" }));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { title: ["Enter a title"], extra: ["This contains characters Stoop can't store"] },
    });
  });

  it("checks every value of a repeated field and hands it to the schema as a list", () => {
    const schema = z.object({ tags: z.array(z.string()) });
    const data = new FormData();
    data.append("tags", "a");
    data.append("tags", "b\u0000");
    expect(parseForm(schema, data, { multiple: ["tags"] })).toMatchObject({
      ok: false,
      fieldErrors: { tags: ["This contains characters Stoop can't store"] },
    });
    expect(parseForm(schema, new FormData(), { multiple: ["tags"] })).toEqual({ ok: true, data: { tags: [] } });
  });
});

describe("parseSearchParams", () => {
  const query = z.object({ q: z.string().max(5, "Too long").default("") });

  it("returns the parsed query", () => {
    expect(parseSearchParams(query, new Request("http://stoop.test/x?q=lamp"))).toEqual({ q: "lamp" });
  });

  it.each([
    ["a NUL byte", "/x?q=%00", "This contains characters Stoop can't store"],
    ["a value the schema refuses", "/x?q=toolong", "Too long"],
  ])("answers %s with a 400 naming the problem", async (_name, path, message) => {
    let thrown: unknown;
    try {
      parseSearchParams(query, new URL(`http://stoop.test${path}`));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    expect(await (thrown as Response).text()).toContain(message);
  });
});

describe("readForm", () => {
  async function statusOf(request: Request) {
    try {
      await readForm(request);
      return 200;
    } catch (error) {
      return error instanceof Response ? error.status : -1;
    }
  }

  it("reads a urlencoded form", async () => {
    const form = await readForm(
      new Request("http://stoop.test/", { method: "POST", body: new URLSearchParams({ a: "1" }) }),
    );
    expect(form.get("a")).toBe("1");
  });

  it("answers a multipart body that does not parse with 400", async () => {
    const request = new Request("http://stoop.test/", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
      body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated',
    });
    expect(await statusOf(request)).toBe(400);
  });

  it("answers a body that is not a form with 415", async () => {
    const request = new Request("http://stoop.test/", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(await statusOf(request)).toBe(415);
  });
});

describe("idParam", () => {
  it.each(["abc_DEF-123", "x".repeat(64)])("accepts %s", (id) => expect(idParam.safeParse(id).success).toBe(true));
  it.each(["", "x".repeat(65), "a/b", "a\u0000", "é"])("refuses %j", (id) =>
    expect(idParam.safeParse(id).success).toBe(false),
  );
});
