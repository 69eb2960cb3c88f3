import { useEffect, useId, useState } from "react";
import { Field } from "~/components/form-field";
import type { FieldErrors } from "~/lib/forms";
import { CONDITIONS } from "~db/schema-listings";
import { CONDITION_LABELS } from "~/modules/listings/labels";

interface CategoryOption {
  id: string;
  name: string;
  children: { id: string; name: string }[];
}

export interface ListingFormValues {
  title?: string;
  description?: string;
  categoryId?: string;
  condition?: string;
  price?: string;
  pickup?: string;
  shipping?: string;
  shippingPrice?: string;
  location?: string;
}

/** The listing's fields, shared by the new-listing and edit forms. */
export function ListingFormFields({
  values,
  errors,
  categories,
}: {
  values: ListingFormValues;
  errors: FieldErrors;
  categories: CategoryOption[];
}) {
  const deliveryErrorId = useId();
  return (
    <>
      <Field label="Title" hint="3 to 80 characters: what it is, brand, size." errors={errors.title}>
        {(props) => <input {...props} name="title" defaultValue={values.title} required maxLength={80} />}
      </Field>
      <Field label="Description" hint="Up to 5,000 characters." errors={errors.description}>
        {(props) => (
          <textarea {...props} name="description" defaultValue={values.description} rows={6} maxLength={5000} />
        )}
      </Field>
      <Field label="Category" errors={errors.categoryId}>
        {(props) => (
          <select {...props} name="categoryId" defaultValue={values.categoryId ?? ""} required>
            <option value="" disabled>
              Choose a category
            </option>
            {categories.map((root) =>
              root.children.length ? (
                <optgroup key={root.id} label={root.name}>
                  <option value={root.id}>{root.name} (other)</option>
                  {root.children.map((child) => (
                    <option key={child.id} value={child.id}>
                      {child.name}
                    </option>
                  ))}
                </optgroup>
              ) : (
                <option key={root.id} value={root.id}>
                  {root.name}
                </option>
              ),
            )}
          </select>
        )}
      </Field>
      <Field label="Condition" errors={errors.condition}>
        {(props) => (
          <select {...props} name="condition" defaultValue={values.condition ?? ""} required>
            <option value="" disabled>
              Choose the condition
            </option>
            {CONDITIONS.map((condition) => (
              <option key={condition} value={condition}>
                {CONDITION_LABELS[condition]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Price (USD)" hint="0 means free, pickup only." errors={errors.price}>
        {(props) => <input {...props} name="price" inputMode="decimal" defaultValue={values.price} required />}
      </Field>
      <fieldset className="field" aria-describedby={errors.pickup?.length ? deliveryErrorId : undefined}>
        <legend>Delivery</legend>
        <label className="checkbox">
          <input type="checkbox" name="pickup" defaultChecked={values.pickup === "on"} /> Local pickup
        </label>
        <label className="checkbox">
          <input type="checkbox" name="shipping" defaultChecked={values.shipping === "on"} /> Shipping
        </label>
        {errors.pickup?.length ? (
          <p id={deliveryErrorId} className="field__error">
            {errors.pickup[0]}
          </p>
        ) : null}
      </fieldset>
      <Field label="Flat shipping price (USD)" hint="Only when you offer shipping." errors={errors.shippingPrice}>
        {(props) => <input {...props} name="shippingPrice" inputMode="decimal" defaultValue={values.shippingPrice} />}
      </Field>
      <Field
        label="Pickup area"
        hint="A postal code or town, like 97214 or “Portland, OR”. Buyers see only the area, never your address."
        errors={errors.location}
      >
        {(props) => (
          <input {...props} name="location" defaultValue={values.location} required autoComplete="postal-code" />
        )}
      </Field>
    </>
  );
}

/** The file input; with JavaScript, the chosen photos also show as thumbnails before upload. */
export function PhotoField({
  errors,
  label = "Photos",
  required,
}: {
  errors?: string[];
  label?: string;
  required?: boolean;
}) {
  const [previews, setPreviews] = useState<{ url: string; name: string }[]>([]);
  useEffect(() => () => previews.forEach((preview) => URL.revokeObjectURL(preview.url)), [previews]);
  return (
    <>
      <Field label={label} hint="1 to 10 photos (JPEG, PNG, WebP or HEIC), up to 15 MB each." errors={errors}>
        {(props) => (
          <input
            {...props}
            type="file"
            name="photos"
            accept="image/*"
            multiple
            required={required}
            onChange={(event) =>
              setPreviews(
                [...(event.currentTarget.files ?? [])]
                  .filter((file) => file.type.startsWith("image/"))
                  .map((file) => ({ url: URL.createObjectURL(file), name: file.name })),
              )
            }
          />
        )}
      </Field>
      {previews.length ? (
        <ul className="photo-previews" aria-label="Chosen photos">
          {previews.map((preview, index) => (
            <li key={preview.url}>
              <img src={preview.url} alt={`Chosen photo ${index + 1}: ${preview.name}`} />
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
