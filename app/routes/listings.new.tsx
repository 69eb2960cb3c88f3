import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormError } from "~/components/form-field";
import { ListingFormFields, PhotoField } from "~/components/listing-form-fields";
import { requireUser } from "~/lib/auth.server";
import { formatMoney } from "~/lib/money";
import { parseForm } from "~/lib/forms";
import { formFailure, invalidForm, logUnavailable } from "~/lib/http.server";
import { categoryTree } from "~/modules/listings/categories.server";
import { createListing } from "~/modules/listings/listings.server";
import { preparePhotos } from "~/modules/listings/photos.server";
import { coverPhotoField } from "~/modules/listings/route-schemas.server";
import { listingFormSchema } from "~/modules/listings/schemas.server";
import { photoStorageFor } from "~/modules/listings/storage.server";
import { readPhotoForm } from "~/modules/listings/upload.server";
import { payoutStatus } from "~/modules/payments/payout-accounts.server";
import { PriceGuidancePanel } from "~/components/price-guidance";
import { isStorableText } from "~/lib/forms";
import { guidanceSentence } from "~/modules/orders/price-guidance";
import { priceGuidanceQuerySchema } from "~/modules/orders/price-guidance.server";
import { guidanceForSeller } from "~/modules/orders/price-guidance.server";

export const meta: MetaFunction = () => [{ title: "Sell something · Stoop" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const tree = await categoryTree(context.db);
  const payouts = await payoutStatus(context.db, { kind: "member", userId: user.id });
  // "Show price guidance" without JavaScript re-sends the form here as a GET: the figures for the
  // chosen category and condition, and what was typed, back in the fields.
  const search = new URL(request.url).searchParams;
  const typed = Object.fromEntries(
    FORM_FIELDS.flatMap((name) => {
      const value = search.get(name);
      return value !== null && value.length <= 5000 && isStorableText(value) ? [[name, value]] : [];
    }),
  );
  const asked = priceGuidanceQuerySchema.safeParse(typed);
  const guidance = asked.success ? await guidanceForSeller(context.db, user.id, asked.data) : null;
  return json({
    categories: tree.roots,
    fee: context.config.platformFee,
    payoutsEnabled: payouts.state === "enabled",
    typed: search.has("guidance") ? typed : null,
    guidanceSentence: guidance
      ? guidanceSentence(guidance)
      : search.has("guidance")
        ? "Choose a category and condition first."
        : null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const upload = await readPhotoForm(request);
  const publish = upload.formData.get("intent") !== "draft";
  const parsed = parseForm(listingFormSchema, upload.formData);
  const cover = coverPhotoField.safeParse(upload.formData.get("coverPhoto") || "1");
  const coverProblem = !cover.success
    ? cover.error.issues[0]!.message
    : cover.data > Math.max(1, upload.files.length)
      ? `You chose ${upload.files.length} photo${upload.files.length === 1 ? "" : "s"}; the cover must be one of them.`
      : null;
  const photoProblem =
    upload.problem ??
    coverProblem ??
    (publish && upload.files.length === 0 ? "Add at least one photo to publish the listing" : null);
  if (!parsed.ok || photoProblem) {
    const failure = parsed.ok
      ? { fieldErrors: {}, formError: null, values: Object.fromEntries(keepText(upload.formData)) }
      : parsed;
    return invalidForm({
      ...failure,
      fieldErrors: { ...failure.fieldErrors, ...(photoProblem ? { photos: [photoProblem] } : {}) },
    });
  }
  const values = Object.fromEntries(keepText(upload.formData));
  try {
    // The cover (1-based among the chosen files) goes first; the others keep their order.
    const coverIndex = cover.success ? cover.data - 1 : 0;
    const files = upload.files[coverIndex]
      ? [upload.files[coverIndex], ...upload.files.filter((_, index) => index !== coverIndex)]
      : upload.files;
    const photos = await preparePhotos(files);
    const listing = await createListing(context.db, {
      sellerId: user.id,
      input: parsed.data,
      photos,
      storage: photoStorageFor(context.config),
      publish,
    });
    context.logger.info({ listingId: listing.id, status: listing.status }, "listing created");
    return redirect(`/listings/${listing.id}`);
  } catch (error) {
    logUnavailable(context.logger, error);
    return formFailure(error, values);
  }
}

const FORM_FIELDS = [
  "title",
  "description",
  "categoryId",
  "condition",
  "price",
  "pickup",
  "shipping",
  "shippingPrice",
  "location",
] as const;

function keepText(formData: FormData): [string, string][] {
  return [...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string");
}

export default function NewListing() {
  const { categories, fee, payoutsEnabled, typed, guidanceSentence } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const failure = actionData && !actionData.ok ? actionData : null;
  const values = failure?.values ?? typed ?? { pickup: "on" };
  return (
    <div className="narrow-wide">
      <h1>Sell something</h1>
      <p className="lead">A title, a few photos, a price and where to pick it up. That's it.</p>
      <p className="notice">
        When an item sells through Stoop checkout, Stoop keeps {fee.percent}% + {formatMoney(fee.fixedCents)} of the
        payment and sends you the rest once the buyer has it.{" "}
        {payoutsEnabled ? (
          "Your payouts are set up."
        ) : (
          <>
            You can list now; to be paid, <Link to="/settings/payouts">set up payouts</Link> (a few minutes with
            Stripe).
          </>
        )}
      </p>
      <FormError message={failure?.formError} />
      {failure && Object.keys(failure.fieldErrors).length ? (
        <p role="alert" className="form-error">
          Please fix the marked fields{failure.fieldErrors.photos ? " and choose the photos again" : ""}.
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" noValidate className="card listing-form">
        {/* The default button for Enter in a field: publishing, not "Show price guidance" further down. */}
        <button type="submit" name="intent" value="publish" hidden tabIndex={-1} aria-hidden="true" />
        <PhotoField errors={failure?.fieldErrors.photos} coverField coverValue={values.coverPhoto} />
        <ListingFormFields
          values={values}
          errors={failure?.fieldErrors ?? {}}
          categories={categories}
          beforePrice={<PriceGuidancePanel sentence={guidanceSentence} getAction="/listings/new" />}
        />
        <div className="form-actions">
          <button type="submit" name="intent" value="publish" disabled={busy}>
            {busy ? "Publishing…" : "Publish listing"}
          </button>
          <button type="submit" name="intent" value="draft" className="button--secondary" disabled={busy}>
            Save as draft
          </button>
        </div>
      </Form>
    </div>
  );
}
