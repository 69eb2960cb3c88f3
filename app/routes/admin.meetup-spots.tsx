import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { FormError, FormField } from "~/components/form-field";
import { requireAdmin } from "~/lib/auth.server";
import { parseForm, readForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { idParam } from "~/lib/id-params.server";
import {
  addMeetupSpot,
  listMeetupSpotsForAdmin,
  meetupSpotFormSchema,
  setMeetupSpotActive,
  updateMeetupSpot,
} from "~/modules/admin/meetup-spots.server";
import { meetupSpotToggleForm } from "~/modules/admin/route-schemas.server";
import { EmptyState } from "~/components/ui";

export const meta: MetaFunction = () => [{ title: "Meetup spots · Admin · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdmin(request, context);
  return json({ spots: await listMeetupSpotsForAdmin(context.db) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(request, context);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "activate" || intent === "deactivate") {
    const toggle = parseForm(meetupSpotToggleForm, formData);
    if (!toggle.ok) return invalidForm({ fieldErrors: {}, formError: "Reload the page and try again.", values: {} });
    await orErrorResponse(() =>
      setMeetupSpotActive(context.db, admin, toggle.data.spotId, toggle.data.intent === "activate"),
    );
    return redirect("/admin/meetup-spots");
  }
  const spotId = intent === "update" ? idParam.safeParse(formData.get("spotId")) : null;
  if (spotId && !spotId.success)
    return invalidForm({ fieldErrors: {}, formError: "Reload the page and try again.", values: {} });
  const parsed = parseForm(meetupSpotFormSchema, formData);
  const values = { ...(parsed.ok ? {} : parsed.values), spotId: spotId?.data ?? "" };
  if (!parsed.ok) return invalidForm({ ...parsed, values });
  try {
    if (spotId) await updateMeetupSpot(context.db, admin, spotId.data!, parsed.data);
    else await addMeetupSpot(context.db, admin, parsed.data);
  } catch (error) {
    return formFailure(error, {
      ...Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, String(v)])),
      spotId: spotId?.data ?? "",
    });
  }
  return redirect("/admin/meetup-spots");
}

type Values = Partial<Record<"name" | "area" | "hours" | "place" | "active" | "spotId", string>>;

function SpotFields({
  values,
  errors,
  labelSuffix,
}: {
  values: Values;
  errors: Record<string, string[] | undefined> | undefined;
  labelSuffix: string;
}) {
  return (
    <>
      <FormField label={`Name${labelSuffix}`} name="name" defaultValue={values.name} errors={errors?.name} required />
      <FormField
        label={`Area${labelSuffix}`}
        name="area"
        hint="Where exactly, in words: “Outside the library's main door”."
        defaultValue={values.area}
        errors={errors?.area}
        required
      />
      <FormField
        label={`Hours${labelSuffix}`}
        name="hours"
        defaultValue={values.hours}
        errors={errors?.hours}
        required
      />
      <FormField
        label={`ZIP code or town${labelSuffix}`}
        name="place"
        defaultValue={values.place}
        errors={errors?.place}
        required
      />
      <label className="checkbox">
        <input type="checkbox" name="active" defaultChecked={values.active !== "false" && values.active !== ""} />{" "}
        Active{labelSuffix}
      </label>
    </>
  );
}

export default function AdminMeetupSpots() {
  const { spots } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  const addFailure = failure && !failure.values.spotId ? failure : null;
  return (
    <section aria-labelledby="meetup-spots-title">
      <h1 id="meetup-spots-title">Meetup spots</h1>
      <p className="muted">
        Public, well-lit places where buyers and sellers can meet for a pickup. Order pages offer the active ones
        nearest the seller&apos;s pickup area, with shops that declared themselves spots.
      </p>
      <FormError message={failure?.formError} />
      <Form method="post" className="card" aria-labelledby="add-spot-title">
        <h2 id="add-spot-title">Add a spot</h2>
        <SpotFields values={addFailure?.values ?? { active: "on" }} errors={addFailure?.fieldErrors} labelSuffix="" />
        <button type="submit" name="intent" value="add">
          Add spot
        </button>
      </Form>
      {spots.length === 0 ? <EmptyState title="No meetup spots yet." /> : null}
      {spots.map((spot) => {
        const mine = failure?.values.spotId === spot.id ? failure : null;
        return (
          <article key={spot.id} className="card" aria-labelledby={`spot-${spot.id}`}>
            <h2 id={`spot-${spot.id}`}>
              {spot.name} {spot.active ? null : <span className="muted">(inactive)</span>}
            </h2>
            <p>
              {spot.area} · {spot.placeName} · {spot.hours}
            </p>
            <Form method="post">
              <input type="hidden" name="spotId" value={spot.id} />
              <button
                type="submit"
                name="intent"
                value={spot.active ? "deactivate" : "activate"}
                className="button--secondary"
                aria-label={`${spot.active ? "Deactivate" : "Activate"} ${spot.name}`}
              >
                {spot.active ? "Deactivate" : "Activate"}
              </button>
            </Form>
            <details open={Boolean(mine)}>
              <summary>Edit {spot.name}</summary>
              <Form method="post">
                <input type="hidden" name="spotId" value={spot.id} />
                <SpotFields
                  values={
                    mine?.values ?? {
                      name: spot.name,
                      area: spot.area,
                      hours: spot.hours,
                      place: spot.placeName,
                      active: spot.active ? "on" : "",
                    }
                  }
                  errors={mine?.fieldErrors}
                  labelSuffix={` of ${spot.name}`}
                />
                <button type="submit" name="intent" value="update">
                  Save {spot.name}
                </button>
              </Form>
            </details>
          </article>
        );
      })}
    </section>
  );
}
