import { Form } from "@remix-run/react";
import {
  REPORT_NOTE_MAX,
  REPORT_REASONS,
  SUBJECT_LABELS,
  type ReportSubjectType,
} from "~/modules/admin/report-subjects";
import { Field, FormError } from "./form-field";

/**
 * "Report this listing / member / answer / message": a plain form posting to /report, so it works
 * without JavaScript. `collapsed` tucks it into a disclosure (for listing and profile pages); the
 * /report page shows it open, with the errors and what was typed when a submission was refused.
 */
export function ReportForm({
  subjectType,
  subjectId,
  collapsed = false,
  values = {},
  fieldErrors = {},
  formError = null,
}: {
  subjectType: ReportSubjectType;
  subjectId: string;
  collapsed?: boolean;
  values?: Record<string, string>;
  fieldErrors?: Record<string, string[] | undefined>;
  formError?: string | null;
}) {
  const noun = SUBJECT_LABELS[subjectType];
  const form = (
    // The subject rides in the URL too, so a refused submission re-renders /report with its form.
    <Form method="post" action={`/report?${new URLSearchParams({ subjectType, subjectId })}`} className="report-form">
      <FormError message={formError} />
      <input type="hidden" name="subjectType" value={subjectType} />
      <input type="hidden" name="subjectId" value={subjectId} />
      <Field label="Reason" errors={fieldErrors.reason}>
        {(control) => (
          <select name="reason" required defaultValue={values.reason ?? ""} {...control}>
            <option value="" disabled>
              Choose a reason
            </option>
            {Object.entries(REPORT_REASONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Note for the moderators (optional)" errors={fieldErrors.note}>
        {(control) => (
          <textarea name="note" rows={3} maxLength={REPORT_NOTE_MAX} defaultValue={values.note ?? ""} {...control} />
        )}
      </Field>
      <button type="submit" className="button--secondary">
        Send report
      </button>
    </Form>
  );
  if (!collapsed) return form;
  return (
    <details className="report-disclosure">
      <summary>Report this {noun}</summary>
      {form}
    </details>
  );
}
