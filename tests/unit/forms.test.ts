import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "~/lib/forms";

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
