import { Form } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";

/** What the order page's loader reads for the panel (pickup-times.server.ts pickupPanelFor). */
export interface PickupTimesPanel {
  orderId: string;
  role: "buyer" | "seller";
  timeZone: string;
  agreed: { id: string; label: string; startsAt: string; endsAt: string } | null;
  proposal: { mine: boolean; windows: { id: string; label: string }[] } | null;
}

export interface PickupTimesFailure {
  formError?: string | null;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
}

const ROWS = [1, 2, 3] as const;

/**
 * The order page's "Pickup" panel: the agreed time with its calendar file, the other side's
 * proposal to pick from, and the form to propose up to three windows (again). Every form posts to
 * /orders/:id/pickup and works without JavaScript.
 */
export function PickupTimes({ panel, failure }: { panel: PickupTimesPanel; failure?: PickupTimesFailure | null }) {
  const other = panel.role === "buyer" ? "seller" : "buyer";
  const action = `/orders/${panel.orderId}/pickup`;
  const errors = failure?.fieldErrors ?? {};
  const values = failure?.values ?? {};
  const proposing = Boolean(failure?.fieldErrors && Object.keys(failure.fieldErrors).some((key) => /\d$/.test(key)));
  const proposeForm = (
    <Form method="post" action={action} noValidate>
      <p className="muted">
        Up to three windows, times in {panel.timeZone}. The {other} picks one; proposing again replaces what is open.
      </p>
      {ROWS.map((n) => (
        <fieldset className="field" key={n}>
          <legend>Window {n}</legend>
          <div className="form-actions">
            <FormField
              label="Date"
              name={`date${n}`}
              type="date"
              defaultValue={values[`date${n}`]}
              errors={errors[`date${n}`]}
            />
            <FormField
              label="From"
              name={`start${n}`}
              type="time"
              defaultValue={values[`start${n}`]}
              errors={errors[`start${n}`]}
            />
            <FormField
              label="To"
              name={`end${n}`}
              type="time"
              defaultValue={values[`end${n}`]}
              errors={errors[`end${n}`]}
            />
          </div>
        </fieldset>
      ))}
      <button type="submit" name="intent" value="propose">
        Propose these times
      </button>
    </Form>
  );
  return (
    <section className="card" aria-labelledby="pickup-title">
      <h2 id="pickup-title">Pickup</h2>
      <FormError message={failure?.formError} />
      {panel.agreed ? (
        <>
          <p>
            Agreed pickup time: <strong>{panel.agreed.label}</strong>
          </p>
          <p>
            <a href={`/orders/${panel.orderId}/pickup.ics`} download>
              Add to calendar (.ics)
            </a>
          </p>
        </>
      ) : null}
      {panel.proposal && !panel.proposal.mine ? (
        <>
          <p>The {other} proposed these times. Pick the one that suits you:</p>
          <ul className="plain-list">
            {panel.proposal.windows.map((window) => (
              <li key={window.id}>
                <Form method="post" action={action} className="inline-form">
                  <input type="hidden" name="windowId" value={window.id} />
                  <span>{window.label}</span>
                  <button type="submit" name="intent" value="pick" aria-label={`Pick ${window.label}`}>
                    Pick this time
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {panel.proposal?.mine ? (
        <>
          <p>Waiting for the {other} to pick one of the times you proposed:</p>
          <ul>
            {panel.proposal.windows.map((window) => (
              <li key={window.id}>{window.label}</li>
            ))}
          </ul>
        </>
      ) : null}
      {!panel.agreed && !panel.proposal ? (
        <p>
          {panel.role === "seller"
            ? "Propose when the buyer can collect the item."
            : "The seller hasn't proposed pickup times yet."}
        </p>
      ) : null}
      {panel.role === "buyer" && !panel.agreed && !panel.proposal ? (
        <Form method="post" action={action}>
          <button type="submit" name="intent" value="ask">
            Ask the seller for pickup times
          </button>
        </Form>
      ) : null}
      {panel.role === "seller" && !panel.agreed && !panel.proposal ? (
        proposeForm
      ) : (
        <details open={proposing}>
          <summary>{panel.agreed ? "Propose other times" : "Propose times yourself"}</summary>
          {proposeForm}
        </details>
      )}
    </section>
  );
}
