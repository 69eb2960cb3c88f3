import type { ColumnType } from "kysely";

/** Tables of the admin concern (migrations/0007_audit_log.ts onward). */

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

export interface AdminTables {
  auditLog: AuditLogTable;
}
