/**
 * What members can report, and why: the one list the report form, the /report route, the module
 * and the admin queue share. The community branch's answers and messages are listed already; the
 * server side learns to find them through `registerReportSubject` (reports.server.ts).
 */
export const REPORT_SUBJECT_TYPES = [
  "listing",
  "user",
  "answer",
  "message",
  "wanted_request",
  "wanted_answer",
] as const;
export type ReportSubjectType = (typeof REPORT_SUBJECT_TYPES)[number];

export const SUBJECT_LABELS: Record<ReportSubjectType, string> = {
  listing: "listing",
  user: "member",
  answer: "answer",
  message: "message",
  wanted_request: "Wanted request",
  wanted_answer: "answer to a Wanted request",
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
