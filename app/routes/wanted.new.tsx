import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError, FormField } from "~/components/form-field";
import { requireVerifiedEmail } from "~/lib/auth.server";
import { parseForm } from "~/lib/forms";
import { formFailure, invalidForm, logUnavailable } from "~/lib/http.server";
import { postWantedRequest } from "~/modules/community/wanted.server";
import { WANTED_DEFAULT_RADIUS_KM, WANTED_DETAILS_MAX, WANTED_TITLE_MAX } from "~/modules/community/wanted-limits";
import { wantedFormSchema } from "~/modules/community/wanted-schemas.server";
import { categoryTree } from "~/modules/listings/categories.server";
import { preparePhoto } from "~/modules/listings/photos.server";
import { photoStorageFor } from "~/modules/listings/storage.server";
import { readPhotoForm } from "~/modules/listings/upload.server";

export const meta: MetaFunction = () => [{ title: "Post a Wanted request · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireVerifiedEmail(request, context);
  const tree = await categoryTree(context.db);
  return json({ categories: tree.roots });
}

function keepText(formData: FormData): Record<string, string> {
  return Object.fromEntries(
    [...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireVerifiedEmail(request, context);
  const upload = await readPhotoForm(request, "photo");
  const parsed = parseForm(wantedFormSchema, upload.formData);
  const photoProblem = upload.problem ?? (upload.files.length > 1 ? "Choose one photo." : null);
  if (!parsed.ok || photoProblem) {
    const failure = parsed.ok ? { fieldErrors: {}, formError: null, values: keepText(upload.formData) } : parsed;
    return invalidForm({
      ...failure,
      fieldErrors: { ...failure.fieldErrors, ...(photoProblem ? { photo: [photoProblem] } : {}) },
    });
  }
  const values = keepText(upload.formData);
  try {
    const file = upload.files[0];
    const photo = file ? await preparePhoto(file.data, file.name) : null;
    const id = await postWantedRequest(context.db, {
      requesterId: user.id,
      input: parsed.data,
      photo,
      storage: photoStorageFor(context.config),
    });
    context.logger.info({ wantedRequestId: id }, "wanted request posted");
    return redirect(`/wanted/${id}`);
  } catch (error) {
    logUnavailable(context.logger, error);
    const failure = formFailure(error, values);
    // preparePhoto reports under "photos" (the listing form's field); this form's is "photo".
    return failure;
  }
}

export default function NewWanted() {
  const { categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failure = actionData && !actionData.ok ? actionData : null;
  const values = failure?.values ?? {};
  const errors = failure?.fieldErrors ?? {};
  const photoErrors = errors.photo ?? errors.photos;
  return (
    <div className="narrow-wide">
      <h1>Post a Wanted request</h1>
      <p className="lead">
        Say what you are looking for, or what needs fixing. Neighbours answer with things they have; local shops with
        advice, a quote or a shop that does it better.
      </p>
      <FormError message={failure?.formError} />
      {Object.keys(errors).length ? (
        <p role="alert" className="form-error">
          Please fix the marked fields{photoErrors ? " and choose the photo again" : ""}.
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate className="card listing-form">
        <FormField
          label="What are you looking for?"
          hint="For example: a kids' bike for a 6-year-old, or: my road bike's gears slip"
          name="title"
          maxLength={WANTED_TITLE_MAX}
          defaultValue={values.title ?? ""}
          errors={errors.title}
          required
        />
        <Field label="Details (optional)" errors={errors.details}>
          {(control) => (
            <textarea
              name="details"
              rows={5}
              maxLength={WANTED_DETAILS_MAX}
              defaultValue={values.details ?? ""}
              {...control}
            />
          )}
        </Field>
        <Field label="Category" errors={errors.categoryId}>
          {(control) => (
            <select name="categoryId" defaultValue={values.categoryId ?? ""} required {...control}>
              <option value="" disabled>
                Choose a category
              </option>
              {categories.map((root) => (
                <optgroup key={root.id} label={root.name}>
                  <option value={root.id}>{root.name}</option>
                  {root.children.map((child) => (
                    <option key={child.id} value={child.id}>
                      {child.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <FormField
          label="Budget in dollars (optional)"
          name="budget"
          inputMode="decimal"
          defaultValue={values.budget ?? ""}
          errors={errors.budget}
        />
        <div className="field-row">
          <FormField
            label="Where (postal code or town)"
            hint="Only the area is shown, never an address."
            name="location"
            defaultValue={values.location ?? ""}
            errors={errors.location}
            required
          />
          <FormField
            label="Within (km)"
            name="radiusKm"
            inputMode="numeric"
            defaultValue={values.radiusKm ?? String(WANTED_DEFAULT_RADIUS_KM)}
            errors={errors.radiusKm}
          />
        </div>
        <Field label="Photo (optional)" hint="One photo, up to 15 MB." errors={photoErrors}>
          {(control) => <input type="file" name="photo" accept="image/*" {...control} />}
        </Field>
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? "Posting…" : "Post request"}
          </button>
        </div>
      </Form>
    </div>
  );
}
