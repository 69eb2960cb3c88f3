import type { ColumnType } from "kysely";

/** Tables of the admin concern (migrations/0007_audit_log.ts, 0011_moderation.ts). */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface AuditLogTable {
  id: string;
  actorId: ColumnType<string | null, string | null, never>;
  actorLabel: ColumnType<string, string, never>;
  action: ColumnType<string, string, never>;
  subjectType: ColumnType<string, string, never>;
  subjectId: ColumnType<string, string, never>;
  reason: ColumnType<string | null, string | null | undefined, never>;
  amountCents: ColumnType<number | null, number | null | undefined, never>;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
  createdAt: CreatedAt;
}

export interface ReportsTable {
  id: string;
  reporterId: string;
  subjectType: string;
  subjectId: string;
  subjectOwnerId: string | null;
  reason: string;
  note: string | null;
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>;
  resolvedBy: ColumnType<string | null, string | null | undefined, string | null>;
  resolution: ColumnType<string | null, string | null | undefined, string | null>;
  resolvedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  createdAt: CreatedAt;
}

export type ReportStatus = "open" | "dismissed" | "actioned";

export interface UserWarningsTable {
  id: string;
  userId: string;
  adminId: string | null;
  reason: string;
  createdAt: CreatedAt;
}

export interface AdminTables {
  auditLog: AuditLogTable;
  reports: ReportsTable;
  userWarnings: UserWarningsTable;
}
