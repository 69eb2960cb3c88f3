import { describe, expect, it } from "vitest";
import { parseForm } from "~/lib/forms";
import { resolutionFieldErrors } from "~/modules/disputes/schemas";
import { resolutionFormSchema } from "~/modules/disputes/schemas.server";

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe("the admin decision form", () => {
  it("turns each refund_<line> dollar field into that line's cents", () => {
    const parsed = parseForm(
      resolutionFormSchema,
      form({ intent: "resolve", kind: "partial_refund", refund_item: "12.50", refund_shipping: "", note: "Scratched" }),
    );
    expect(parsed).toEqual({
      ok: true,
      data: {
        kind: "partial_refund",
        lines: [
          { key: "item", amountCents: 1250 },
          { key: "shipping", amountCents: 0 },
        ],
        note: "Scratched",
      },
    });
  });

  it("names a bad amount by its own field and keeps what was typed", () => {
    const parsed = parseForm(
      resolutionFormSchema,
      form({ kind: "partial_refund", refund_item: "12,5", note: "Scratched" }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.fieldErrors.refund_item).toEqual(["Enter an amount in dollars, like 12.50"]);
    expect(parsed.values.refund_item).toBe("12,5");
  });

  it("reads the item-returned checkbox of a full refund, and ignores refund fields of a release", () => {
    expect(parseForm(resolutionFormSchema, form({ kind: "full_refund", itemReturned: "yes", note: "Broken" }))).toEqual(
      {
        ok: true,
        data: { kind: "full_refund", itemReturned: true, note: "Broken" },
      },
    );
    expect(parseForm(resolutionFormSchema, form({ kind: "release", refund_item: "3", note: "As described" }))).toEqual({
      ok: true,
      data: { kind: "release", note: "As described" },
    });
  });

  it("asks for a resolution when none was chosen", () => {
    const parsed = parseForm(resolutionFormSchema, form({ note: "x" }));
    expect(parsed.ok ? null : parsed.fieldErrors.kind).toEqual(["Choose a resolution"]);
  });

  it("puts the module's line errors beside the line's field", () => {
    expect(resolutionFieldErrors({ "lines.item": ["Too much"], note: ["Say why"] })).toEqual({
      refund_item: ["Too much"],
      note: ["Say why"],
    });
  });
});
