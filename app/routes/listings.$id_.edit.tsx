import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FormError } from "~/components/form-field";
import { ListingPhoto } from "~/components/listing-card";
import { ListingFormFields, PhotoField, moveItem } from "~/components/listing-form-fields";
import { requireUser } from "~/lib/auth.server";
import { hasUnstorableText, parseForm, parseParams, readForm, UNSTORABLE_TEXT } from "~/lib/forms";
import { formFailure, invalidForm, logUnavailable, orErrorResponse } from "~/lib/http.server";
import { centsToInput } from "~/lib/money";
import { categoryTree } from "~/modules/listings/categories.server";
import {
  addListingPhotos,
  assertListingOwner,
  getListingForOwner,
  moveListingPhoto,
  removeListingPhoto,
  reorderListingPhotos,
  updateListing,
} from "~/modules/listings/listings.server";
import { preparePhotos } from "~/modules/listings/photos.server";
import { MAX_PHOTOS } from "~/modules/listings/labels";
import { photoEditForm } from "~/modules/listings/route-schemas.server";
import { listingFormSchema } from "~/modules/listings/schemas.server";
import { photoStorageFor } from "~/modules/listings/storage.server";
import { readPhotoForm } from "~/modules/listings/upload.server";
import { PriceGuidancePanel } from "~/components/price-guidance";
import { guidanceSentence } from "~/modules/orders/price-guidance";
import { priceGuidance } from "~/modules/orders/price-guidance.server";
import { idParamsSchema as paramsSchema } from "~/lib/id-params.server";

export const meta: MetaFunction = () => [{ title: "Edit listing · Stoop" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  const id = parseParams(paramsSchema, params);
  const listing = await orErrorResponse(() => getListingForOwner(context.db, id.id, user.id));
  const tree = await categoryTree(context.db);
  // The saved category, condition and area's figures (the listing's own sale never counts).
  const guidance = await priceGuidance(context.db, {
    categoryId: listing.categoryId,
    condition: listing.condition,
    point: { latitude: listing.latitude, longitude: listing.longitude },
    excludeListingId: listing.id,
  });
  return json({
    guidanceSentence: guidanceSentence(guidance),
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(request, context);
  const listingId = parseParams(paramsSchema, params).id;
  const storage = photoStorageFor(context.config);

  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    // Cheapest first: only the seller's photos are read at all.
    await orErrorResponse(() => assertListingOwner(context.db, listingId, user.id));
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
      logUnavailable(context.logger, error);
      return formFailure(error, {});
    }
    return json({ ok: true as const, message: "Photos added." });
  }

  const formData = await readForm(request);
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
  const parsed = parseForm(photoEditForm, formData, { multiple: ["photoIds"] });
  if (!parsed.ok) {
    const formError = hasUnstorableText(parsed) ? UNSTORABLE_TEXT : "Unknown action; reload the page.";
    return invalidForm({ formError, fieldErrors: {}, values: {} });
  }
  const command = parsed.data;
  try {
    if (command.intent === "reorder-photos") {
      await reorderListingPhotos(context.db, { listingId, userId: user.id, photoIds: command.photoIds });
    } else if (command.intent === "remove-photo") {
      await removeListingPhoto(context.db, storage, { listingId, userId: user.id, photoId: command.photoId });
    } else {
      const to = command.intent === "cover-photo" ? "cover" : command.intent === "photo-earlier" ? "earlier" : "later";
      await moveListingPhoto(context.db, { listingId, userId: user.id, photoId: command.photoId, to });
    }
  } catch (error) {
    logUnavailable(context.logger, error);
    return formFailure(error, {});
  }
  return json({ ok: true as const, message: PHOTO_MESSAGES[command.intent] });
}

const PHOTO_MESSAGES = {
  "remove-photo": "Photo removed.",
  "cover-photo": "Cover photo changed.",
  "photo-earlier": "Photo moved earlier.",
  "photo-later": "Photo moved later.",
  "reorder-photos": "Photo order saved.",
} as const;

export default function EditListing() {
  const { listing, categories, guidanceSentence } = useLoaderData<typeof loader>();
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
        <PhotoManager photos={listing.photos} />
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
            beforePrice={<PriceGuidancePanel sentence={guidanceSentence} />}
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

type ManagedPhoto = { id: string; storageKey: string };

/**
 * The listing's photos in order, the first being the cover. Each has plain form buttons (move
 * earlier/later, make cover, remove) that work without JavaScript; with it, photos can also be
 * dragged into a new order, saved at once.
 */
function PhotoManager({ photos }: { photos: ManagedPhoto[] }) {
  const fetcher = useFetcher<typeof action>();
  const [order, setOrder] = useState(photos);
  // A new order from the server (after a save, a button or an upload) replaces the local one.
  const serverOrder = photos.map((photo) => photo.storageKey).join();
  const [seen, setSeen] = useState(serverOrder);
  if (seen !== serverOrder) {
    setSeen(serverOrder);
    setOrder(photos);
  }
  const [dragging, setDragging] = useState<number | null>(null);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const drop = (to: number) => {
    if (dragging === null || dragging === to) return;
    const next = moveItem(order, dragging, to);
    setOrder(next);
    const form = new FormData();
    form.set("intent", "reorder-photos");
    next.forEach((photo) => form.append("photoIds", photo.id));
    fetcher.submit(form, { method: "post" });
  };
  const photoButton = (photo: ManagedPhoto, intent: string, text: string, className = "button--secondary") => (
    <Form method="post">
      <input type="hidden" name="photoId" value={photo.id} />
      <button type="submit" name="intent" value={intent} className={`button--small ${className}`}>
        {text}
      </button>
    </Form>
  );
  return (
    <>
      {hydrated && order.length > 1 ? (
        <p className="field__hint">Drag photos to change their order, or use the buttons. The first is the cover.</p>
      ) : null}
      <ol className="photo-manager" aria-label="Photos in order">
        {order.map((photo, index) => (
          <li
            key={photo.id}
            draggable={hydrated}
            className={dragging === index ? "is-dragging" : undefined}
            onDragStart={(event) => {
              setDragging(index);
              event.dataTransfer.effectAllowed = "move";
              event.dataTransfer.setData("text/plain", photo.id);
            }}
            onDragEnd={() => setDragging(null)}
            onDragOver={(event) => {
              if (dragging !== null) event.preventDefault();
            }}
            onDrop={(event) => {
              event.preventDefault();
              drop(index);
              setDragging(null);
            }}
          >
            <ListingPhoto storageKey={photo.storageKey} alt={`Photo ${index + 1}`} sizes="10rem" />
            <div className="photo-manager__actions">
              {index === 0 ? (
                <span className="muted">Cover photo</span>
              ) : (
                photoButton(photo, "cover-photo", `Make photo ${index + 1} the cover`)
              )}
              {index > 0 ? photoButton(photo, "photo-earlier", `Move photo ${index + 1} earlier`) : null}
              {index < order.length - 1 ? photoButton(photo, "photo-later", `Move photo ${index + 1} later`) : null}
              {photoButton(photo, "remove-photo", `Remove photo ${index + 1}`, "button--danger")}
            </div>
          </li>
        ))}
      </ol>
      {fetcher.data ? (
        <p role="status" className={fetcher.data.ok ? "notice" : "form-error"}>
          {fetcher.data.ok ? fetcher.data.message : (fetcher.data.formError ?? "The order couldn't be saved.")}
        </p>
      ) : null}
    </>
  );
}
