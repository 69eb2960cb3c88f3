/** Where a stored photo's WebP variants are served (app/routes/photos.$.tsx). Browser-safe. */
export const PHOTO_WIDTHS = [320, 800, 1600] as const;
export type PhotoWidth = (typeof PHOTO_WIDTHS)[number];

export function photoUrl(storageKey: string, width: PhotoWidth): string {
  return `/photos/${storageKey}-${width}.webp`;
}

export function photoSrcSet(storageKey: string): string {
  return PHOTO_WIDTHS.map((width) => `${photoUrl(storageKey, width)} ${width}w`).join(", ");
}
