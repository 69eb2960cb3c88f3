import { z } from "zod";

/**
 * What members can report, and why: the one list the report form, the /report route, the module
 * and the admin queue share. The community branch's answers and messages are listed already; the
 * server side learns to find them through `registerReportSubject` (reports.server.ts).
 */
export const REPORT_SUBJECT_TYPES = ["listing", "user", "answer", "message"] as const;
export type ReportSubjectType = (typeof REPORT_SUBJECT_TYPES)[number];

export const SUBJECT_LABELS: Record<ReportSubjectType, string> = {
  listing: "listing",
  user: "member",
  answer: "answer",
  message: "message",
};

export const REPORT_REASONS = {
  prohibited: "Prohibited or illegal item",
  scam: "Scam or fraud",
  counterfeit: "Counterfeit or misleading",
  offensive: "Offensive or hateful content",
  harassment: "Harassment or threats",
  spam: "Spam",
  other: "Something else",
} as const;
export type ReportReason = keyof typeof REPORT_REASONS;

export const REPORT_NOTE_MAX = 1000;

/** The report form's schema (the hidden subject fields plus what the member chose and wrote). */
export const reportFormSchema = z.object({
  subjectType: z.enum(REPORT_SUBJECT_TYPES, { message: "That can't be reported." }),
  subjectId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "That can't be reported."),
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
