import { z } from "zod";
import { idField, idParam } from "~/lib/id-params.server";
import { REPORT_SUBJECT_TYPES } from "~/modules/admin/report-subjects";
import { QUEUES } from "~/modules/jobs/definitions.server";

/**
 * The zod schemas of the admin routes' loaders and actions. A .server module, so the Remix
 * compiler leaves zod (~90 KB gzipped) out of those pages' browser bundles
 * (tests/unit/client-bundle.test.ts). Named for what they parse: `…Form` an action's form body,
 * `…Params` the URL's params, `…Query` its search params, `…Field` one value.
 */

// admin._index.tsx
export const dashboardQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .pipe(z.union([z.literal(7), z.literal(30), z.literal(90)]))
    .catch(30),
});

// admin.audit.tsx
/** `before` is the last entry of the previous page: `<ISO time>~<id>` (keyset paging, newest first). */
export const auditLogQuery = z.object({
  action: z
    .string()
    .trim()
    .regex(/^[a-z_]*\.?[a-z_]*$/)
    .max(80)
    .catch(""),
  subjectType: z
    .string()
    .trim()
    .regex(/^[a-z_]*$/)
    .max(40)
    .catch(""),
  subjectId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]*$/)
    .max(64)
    .catch(""),
  before: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z~[A-Za-z0-9_-]{1,64}$/)
    // The right shape can still be no time at all ("2026-19-45T…"): an Invalid Date can't be sent to SQL.
    .refine((value) => !Number.isNaN(Date.parse(value.split("~")[0]!)))
    .optional()
    .catch(undefined),
});

// admin.disputes.$id.tsx
export const adminDisputesActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("assign"), assigneeId: z.string().min(1, "Choose an admin") }),
    z.object({ intent: z.literal("post"), statement: z.string() }),
    z.object({ intent: z.literal("resolve") }),
  ],
  { message: "Unknown action; reload the page." },
);

// admin.disputes._index.tsx
export const assignDisputeToMeForm = z.object({
  intent: z.literal("assignToMe", { message: "Unknown action; reload the page." }),
  disputeId: idField("That dispute could not be identified; reload the page."),
});

// admin.meetup-spots.tsx
export const meetupSpotToggleForm = z.object({ intent: z.enum(["activate", "deactivate"]), spotId: idParam });

// admin.reports.tsx
export const reportDecisionForm = z.object({
  intent: z.enum(["dismiss", "remove", "warn", "suspend"], { message: "Unknown action; reload the page." }),
  subjectType: z.enum(REPORT_SUBJECT_TYPES),
  subjectId: idParam,
  reason: z.string().optional(),
});

// admin.retailers.tsx
export const shopsByStatusQuery = z.object({
  status: z.enum(["pending", "verified", "rejected"]).catch("pending"),
});

// admin.users.tsx
export const memberSearchQuery = z.object({ q: z.string().trim().max(200).catch("") });

export const memberModerationForm = z.object({
  intent: z.enum(["suspend", "reinstate", "warn"], { message: "Unknown action; reload the page." }),
  userId: idParam,
  reason: z.string().optional(),
  q: z.string().max(200).optional(),
});

// report.tsx
export const reportSubjectQuery = z.object({
  subjectType: z.enum(REPORT_SUBJECT_TYPES),
  subjectId: idParam,
  done: z.enum(["filed", "already-open"]).optional(),
});

// admin.jobs.tsx
export const retryJobForm = z.object({ queue: z.enum(Object.values(QUEUES)), jobId: z.uuid() });
/** "Run now" beside a scheduled job. */
export const runJobForm = z.object({ queue: z.enum(Object.values(QUEUES)) });
