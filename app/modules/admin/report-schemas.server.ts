import { z } from "zod";
import { REPORT_NOTE_MAX, REPORT_REASONS, REPORT_SUBJECT_TYPES, type ReportReason } from "./report-subjects";
import { idField } from "~/lib/id-params.server";

// Kept apart from report-subjects.ts (plain constants the report form renders): zod stays out of
// the browser bundle of every page that shows a report form.

/** The report form's schema (the hidden subject fields plus what the member chose and wrote). */
export const reportFormSchema = z.object({
  subjectType: z.enum(REPORT_SUBJECT_TYPES, { message: "That can't be reported." }),
  subjectId: idField("That can't be reported."),
  reason: z.enum(Object.keys(REPORT_REASONS) as [ReportReason, ...ReportReason[]], {
    message: "Choose a reason from the list",
  }),
  note: z
    .string()
    .trim()
    .max(REPORT_NOTE_MAX, `Keep the note under ${REPORT_NOTE_MAX} characters`)
    .optional()
    .transform((note) => (note ? note : null)),
});
export type ReportFormInput = z.output<typeof reportFormSchema>;

/** The reason an admin gives for an action: shown to the member and kept in the audit log. */
export const moderationReasonSchema = z
  .string({ message: "Say why" })
  .trim()
  .min(3, "Say why, in a few words: the member will see it")
  .max(500, "Keep the reason under 500 characters");

/** A moderator's "Remove" form on a listing page: the reason, empty when left blank. */
export const moderationReasonFormSchema = z.object({ reason: z.string().default("").pipe(moderationReasonSchema) });
