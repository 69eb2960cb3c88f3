import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FormError } from "~/components/form-field";
import { ListingPhoto } from "~/components/listing-card";
import { ListingFormFields, PhotoField } from "~/components/listing-form-fields";
import { requireUser } from "~/lib/auth.server";
import { parseForm } from "~/lib/forms";
import { formFailure, invalidForm, orErrorResponse } from "~/lib/http.server";
import { centsToInput } from "~/lib/money";
import { categoryTree } from "~/modules/listings/categories.server";
import {
  addListingPhotos,
  getListingForOwner,
  makeCoverPhoto,
  removeListingPhoto,
  updateListing,
} from "~/modules/listings/listings.server";
import { preparePhotos } from "~/modules/listings/photos.server";
import { MAX_PHOTOS } from "~/modules/listings/labels";
import { listingFormSchema } from "~/modules/listings/schemas";
import { photoStorageFor } from "~/modules/listings/storage.server";
import { readPhotoForm } from "~/modules/listings/upload.server";

export const meta: MetaFunction = () => [{ title: "Edit listing · Stoop" }];

const paramsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const id = paramsSchema.safeParse(params);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const listing = await orErrorResponse(() => getListingForOwner(context.db, id.data.id, user.id));
  const tree = await categoryTree(context.db);
  return json({
    categories: tree.roots,
    listing: {
      id: listing.id,
      status: listing.status,
      photos: listing.photos,
      values: {
        title: listing.title,
        description: listing.description,
        categoryId: listing.categoryId,
        condition: listing.condition,
        price: centsToInput(listing.priceCents),
        pickup: listing.pickup ? "on" : "",
        shipping: listing.shipping ? "on" : "",
        shippingPrice: listing.shippingCents === null ? "" : centsToInput(listing.shippingCents),
        location: listing.postalCode ?? listing.placeName,
      },
    },
  });
}

const photoActionSchema = z.object({
  intent: z.enum(["remove-photo", "cover-photo"]),
  photoId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const listingId = paramsSchema.parse(params).id;
  const storage = photoStorageFor(context.config);

  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readPhotoForm(request);
    const problem = upload.problem ?? (upload.files.length === 0 ? "Choose at least one photo to add" : null);
    if (problem) return invalidForm({ formError: null, fieldErrors: { photos: [problem] }, values: {} });
    try {
      await addListingPhotos(context.db, storage, {
        listingId,
        userId: user.id,
        photos: await preparePhotos(upload.files),
      });
    } catch (error) {
      return formFailure(error, {});
    }
    return json({ ok: true as const, message: "Photos added." });
  }

  const formData = await request.formData();
  if (formData.get("intent") === "details") {
    const parsed = parseForm(listingFormSchema, formData);
    if (!parsed.ok) return invalidForm(parsed);
    try {
      await updateListing(context.db, { listingId, userId: user.id, input: parsed.data });
    } catch (error) {
      return formFailure(error, textValues(formData));
    }
    return redirect(`/listings/${listingId}`);
  }
  const parsed = photoActionSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return invalidForm({ formError: "Unknown action; reload the page.", fieldErrors: {}, values: {} });
  try {
    if (parsed.data.intent === "remove-photo") {
      await removeListingPhoto(context.db, storage, { listingId, userId: user.id, photoId: parsed.data.photoId });
    } else {
      await makeCoverPhoto(context.db, { listingId, userId: user.id, photoId: parsed.data.photoId });
    }
  } catch (error) {
    return formFailure(error, {});
  }
  return json({
    ok: true as const,
    message: parsed.data.intent === "remove-photo" ? "Photo removed." : "Cover photo changed.",
  });
}

export default function EditListing() {
  const { listing, categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const failure = actionData && !actionData.ok ? actionData : null;
  const success = actionData && actionData.ok ? actionData : null;
  const errors = failure?.fieldErrors ?? {};
  return (
    <div className="narrow-wide">
      <h1>Edit listing</h1>
      <p>
        <Link to={`/listings/${listing.id}`}>Back to the listing</Link>
      </p>
      {success ? (
        <p role="status" className="notice">
          {success.message}
        </p>
      ) : null}
      <FormError message={failure?.formError} />

      <section className="card" aria-labelledby="photos-title">
        <h2 id="photos-title">Photos</h2>
        <ol className="photo-manager">
          {listing.photos.map((photo, index) => (
            <li key={photo.id}>
              <ListingPhoto storageKey={photo.storageKey} alt={`Photo ${index + 1}`} sizes="10rem" />
              <div className="photo-manager__actions">
                {index === 0 ? (
                  <span className="muted">Cover photo</span>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="photoId" value={photo.id} />
                    <button type="submit" name="intent" value="cover-photo" className="button--small button--secondary">
                      Make photo {index + 1} the cover
                    </button>
                  </Form>
                )}
                <Form method="post">
                  <input type="hidden" name="photoId" value={photo.id} />
                  <button type="submit" name="intent" value="remove-photo" className="button--small button--danger">
                    Remove photo {index + 1}
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ol>
        {listing.photos.length < MAX_PHOTOS ? (
          <Form method="post" encType="multipart/form-data" noValidate>
            <PhotoField label="Add photos" errors={errors.photos} />
            <button type="submit" disabled={navigation.state === "submitting"}>
              Upload photos
            </button>
          </Form>
        ) : (
          <p>This listing has the maximum of {MAX_PHOTOS} photos.</p>
        )}
      </section>

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <Form method="post" noValidate className="listing-form">
          <input type="hidden" name="intent" value="details" />
          <ListingFormFields
            values={failure && Object.keys(failure.values).length ? failure.values : listing.values}
            errors={errors}
            categories={categories}
          />
          <button type="submit">Save changes</button>
        </Form>
      </section>
    </div>
  );
}

function textValues(formData: FormData): Record<string, string> {
  return Object.fromEntries([...formData].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
