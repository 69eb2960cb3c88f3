import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { Field, FormError, FormField } from "~/components/form-field";
import { requireVerifiedEmail } from "~/lib/auth.server";
import { parseForm } from "~/lib/forms";
import { formFailure, invalidForm, logUnavailable } from "~/lib/http.server";
import { preparePhoto } from "~/modules/listings/photos.server";
import { photoStorageFor } from "~/modules/listings/storage.server";
import { readPhotoForm } from "~/modules/listings/upload.server";
import { applyForRetailer } from "~/modules/retailers/retailers.server";
import { retailerFormSchema } from "~/modules/retailers/schemas.server";

export const meta: MetaFunction = () => [{ title: "Open a shop page · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireVerifiedEmail(request, context);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireVerifiedEmail(request, context);
  const upload = await readPhotoForm(request, "logo");
  const form = parseForm(retailerFormSchema, upload.formData);
  const values = Object.fromEntries(
    [...upload.formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  if (!form.ok || upload.problem) {
    return invalidForm({
      fieldErrors: { ...(form.ok ? {} : form.fieldErrors), ...(upload.problem ? { logo: [upload.problem] } : {}) },
      formError: form.ok ? null : form.formError,
      values,
    });
  }
  try {
    const logoFile = upload.files[0];
    const logo = logoFile ? await preparePhoto(logoFile.data, logoFile.name) : null;
    const retailer = await applyForRetailer(context.db, photoStorageFor(context.config), user.id, form.data, logo);
    return redirect(`/retailers/${retailer.slug}`);
  } catch (error) {
    logUnavailable(context.logger, error);
    const failure = formFailure(error, values);
    return failure;
  }
}

export default function NewRetailer() {
  const failure = useActionData<typeof action>();
  const errors = failure && !failure.ok ? failure.fieldErrors : {};
  const values = failure && !failure.ok ? failure.values : {};
  return (
    <section className="narrow card" aria-labelledby="new-retailer-title">
      <h1 id="new-retailer-title">Open a shop page</h1>
      <p>
        Tell the community about your shop. An admin checks every application; once it is verified your page is public
        and you can sell services as add-ons to purchases nearby.
      </p>
      <FormError message={failure && !failure.ok ? failure.formError : null} />
      <Form method="post" encType="multipart/form-data" noValidate>
        <FormField label="Shop name" name="name" defaultValue={values.name} errors={errors.name} required />
        <FormField
          label="Page address"
          name="slug"
          hint="Lowercase letters, digits and dashes: stoop/retailers/your-shop"
          defaultValue={values.slug}
          errors={errors.slug}
          required
        />
        <Field label="Description" errors={errors.description}>
          {(control) => <textarea name="description" rows={5} defaultValue={values.description} {...control} />}
        </Field>
        <FormField
          label="Area (postal code or town)"
          name="place"
          hint="Only the area's centre is shown, never your street address."
          defaultValue={values.place}
          errors={errors.place}
          required
        />
        <FormField
          label="Service radius (km)"
          name="serviceRadiusKm"
          type="number"
          inputMode="numeric"
          min={1}
          max={500}
          defaultValue={values.serviceRadiusKm ?? "15"}
          errors={errors.serviceRadiusKm}
        />
        <FormField
          label="Opening hours"
          name="openingHours"
          hint="For example: Tue-Sat 10:00-18:00"
          defaultValue={values.openingHours}
          errors={errors.openingHours}
        />
        <FormField
          label="Website (optional)"
          name="website"
          type="url"
          defaultValue={values.website}
          errors={errors.website}
        />
        <Field
          label="Logo (optional)"
          hint="JPEG, PNG, WebP or HEIC, up to 15 MB."
          errors={errors.logo ?? errors.photos}
        >
          {(control) => <input type="file" name="logo" accept="image/*" {...control} />}
        </Field>
        <button type="submit">Send the application</button>
      </Form>
    </section>
  );
}
