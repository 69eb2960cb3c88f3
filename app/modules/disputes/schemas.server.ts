import { z } from "zod";
import { DISPUTE_REASONS } from "~db/schema-disputes";
import { dollarsToCents, REFUND_FIELD } from "./schemas";

/** Forms of the disputes concern; shared by the routes and the module (which parses again). */

export const statementSchema = z
  .string({ message: "Write a statement" })
  .trim()
  .min(10, "Say what happened in at least 10 characters")
  .max(4000, "Keep the statement under 4,000 characters");

export const openDisputeSchema = z.object({
  reason: z.enum(DISPUTE_REASONS, { message: "Choose a reason" }),
  statement: statementSchema,
});
export type OpenDisputeInput = z.infer<typeof openDisputeSchema>;

export const postMessageSchema = z.object({ statement: statementSchema });

const note = z
  .string({ message: "Give the reason for this decision" })
  .trim()
  .min(5, "Give the reason for this decision (at least 5 characters); every party sees it")
  .max(2000, "Keep the reason under 2,000 characters");

const cents = z
  .number({ message: "Amounts are whole cents" })
  .int("Amounts are whole cents")
  .nonnegative("Amounts can't be negative");

/** What the module accepts (integer cents). The admin page converts its dollar fields first. */
export const resolutionSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("full_refund"), itemReturned: z.boolean(), note }),
    z.object({
      kind: z.literal("partial_refund"),
      lines: z
        .array(z.object({ key: z.string().min(1).max(100), amountCents: cents }))
        .max(50)
        .refine((lines) => lines.some((line) => line.amountCents > 0), "Enter an amount to refund on at least one line")
        .refine(
          (lines) => new Set(lines.map((line) => line.key)).size === lines.length,
          "Each line can be refunded once per decision",
        ),
      note,
    }),
    z.object({ kind: z.literal("release"), note }),
  ],
  { message: "Choose a resolution" },
);
export type ResolutionInput = z.infer<typeof resolutionSchema>;

/**
 * The admin decision form, as one schema: `kind`, `itemReturned` (a checkbox), `note`, and one
 * `refund_<lineKey>` dollar field per line of the dispute, turned into the module's input. Errors
 * on a dollar field are named by that field, so the form shows them beside it.
 */
export const resolutionFormSchema = z
  .object({
    kind: z.enum(["full_refund", "partial_refund", "release"], { message: "Choose a resolution" }),
    itemReturned: z.literal("yes").optional(),
    note: z.string().default(""),
  })
  .catchall(z.string())
  .transform((form, ctx): ResolutionInput => {
    const { kind, note } = form;
    if (kind === "full_refund") return { kind, itemReturned: form.itemReturned === "yes", note };
    if (kind === "release") return { kind, note };
    const lines: { key: string; amountCents: number }[] = [];
    for (const [name, value] of Object.entries(form)) {
      if (!name.startsWith(REFUND_FIELD) || typeof value !== "string") continue;
      const amountCents = dollarsToCents(value);
      if (amountCents === null)
        ctx.addIssue({ code: "custom", path: [name], message: "Enter an amount in dollars, like 12.50" });
      else lines.push({ key: name.slice(REFUND_FIELD.length), amountCents });
    }
    return { kind, lines, note };
  });
