import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from "react";
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
  beforePrice,
}: {
  values: ListingFormValues;
  errors: FieldErrors;
  categories: CategoryOption[];
  /** Shown between the condition and the price: the price guidance. */
  beforePrice?: ReactNode;
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
      {beforePrice}
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
/** Moves the item at `from` to `to` (both clamped), returning a new array. */
export function moveItem<T>(items: T[], from: number, to: number): T[] {
  const next = [...items];
  const target = Math.max(0, Math.min(items.length - 1, to));
  const [moved] = next.splice(from, 1);
  if (moved === undefined) return items;
  next.splice(target, 0, moved);
  return next;
}

const MAX_CHOSEN = 10;

/**
 * The photo picker. Without JavaScript: a plain multiple file input, plus (when `coverField`) a
 * "cover photo" number saying which chosen file comes first. With JavaScript: previews of the
 * chosen files that can be reordered by drag and drop or with "Move earlier/later" buttons
 * (keyboard), and files dropped anywhere on the form are added; the order is written back into
 * the file input, so the upload itself stays a plain form post.
 */
export function PhotoField({
  errors,
  label = "Photos",
  required,
  coverField = false,
  coverValue = "1",
}: {
  errors?: string[];
  label?: string;
  required?: boolean;
  coverField?: boolean;
  /** What was typed into "Cover photo" before a failed submission. */
  coverValue?: string;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [hydrated, setHydrated] = useState(false);
  const [chosen, setChosen] = useState<{ file: File; url: string }[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const [dragging, setDragging] = useState<number | null>(null);
  useEffect(() => setHydrated(true), []);
  useEffect(() => () => chosen.forEach((item) => URL.revokeObjectURL(item.url)), [chosen]);

  const choose = useCallback((files: File[]) => {
    const images = files.filter((file) => file.type.startsWith("image/")).slice(0, MAX_CHOSEN);
    const input = inputRef.current;
    if (input && typeof DataTransfer !== "undefined") {
      const transfer = new DataTransfer();
      images.forEach((file) => transfer.items.add(file));
      input.files = transfer.files;
    }
    setChosen(images.map((file) => ({ file, url: URL.createObjectURL(file) })));
  }, []);

  // Files dropped anywhere on the form join the chosen ones.
  useEffect(() => {
    const form = inputRef.current?.form;
    if (!form) return;
    const over = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes("Files")) event.preventDefault();
    };
    const drop = (event: DragEvent) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (!files.length) return;
      event.preventDefault();
      choose([...[...(inputRef.current?.files ?? [])], ...files]);
      setAnnouncement(`${files.length} photo${files.length === 1 ? "" : "s"} added.`);
    };
    form.addEventListener("dragover", over);
    form.addEventListener("drop", drop);
    return () => {
      form.removeEventListener("dragover", over);
      form.removeEventListener("drop", drop);
    };
  }, [choose]);

  const move = (from: number, to: number) => {
    if (to < 0 || to >= chosen.length || from === to) return;
    const next = moveItem(chosen, from, to);
    choose(next.map((item) => item.file));
    setAnnouncement(`${next[to]!.file.name} is now photo ${to + 1} of ${next.length}${to === 0 ? ", the cover" : ""}.`);
  };

  return (
    <>
      <Field
        label={label}
        hint={`1 to 10 photos (JPEG, PNG, WebP or HEIC), up to 15 MB each. The first is the cover.${
          hydrated ? " You can also drop photos onto the form." : ""
        }`}
        errors={errors}
      >
        {(props) => (
          <input
            {...props}
            ref={inputRef}
            type="file"
            name="photos"
            accept="image/*"
            multiple
            required={required}
            onChange={(event) => choose([...(event.currentTarget.files ?? [])])}
          />
        )}
      </Field>
      {coverField ? (
        hydrated ? (
          <input type="hidden" name="coverPhoto" value="1" />
        ) : (
          <Field label="Cover photo" hint="Which of the chosen photos comes first: 1 for the first, 2 for the second…">
            {(props) => <input {...props} type="number" name="coverPhoto" min={1} max={10} defaultValue={coverValue} />}
          </Field>
        )
      ) : null}
      {chosen.length ? (
        <ol className="photo-previews" aria-label="Chosen photos">
          {chosen.map((item, index) => (
            <li
              key={item.url}
              draggable
              className={dragging === index ? "is-dragging" : undefined}
              onDragStart={(event) => {
                setDragging(index);
                event.dataTransfer.effectAllowed = "move";
                event.dataTransfer.setData("text/plain", String(index));
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(event) => {
                if (dragging !== null) event.preventDefault();
              }}
              onDrop={(event) => {
                if (dragging === null) return;
                event.preventDefault();
                event.stopPropagation();
                move(dragging, index);
                setDragging(null);
              }}
            >
              <img src={item.url} alt={`Chosen photo ${index + 1}: ${item.file.name}`} />
              {index === 0 ? <span className="photo-previews__cover">Cover</span> : null}
              <span className="photo-previews__actions">
                <button
                  type="button"
                  className="button--small button--secondary"
                  aria-label={`Move chosen photo ${index + 1} earlier`}
                  disabled={index === 0}
                  onClick={() => move(index, index - 1)}
                >
                  ←
                </button>
                <button
                  type="button"
                  className="button--small button--secondary"
                  aria-label={`Move chosen photo ${index + 1} later`}
                  disabled={index === chosen.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  →
                </button>
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
    </>
  );
}
