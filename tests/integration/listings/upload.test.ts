import { describe, expect, it } from "vitest";
import { MAX_PHOTO_BYTES } from "~/modules/listings/photos.server";
import { readPhotoForm } from "~/modules/listings/upload.server";
import { makeJpeg } from "../../support/photos";

function multipart(form: FormData): Request {
  return new Request("http://stoop.test/listings/new", { method: "POST", body: form });
}

describe("reading a photo upload form", () => {
  it("keeps the text fields and the chosen photos in memory", async () => {
    const form = new FormData();
    form.set("title", "Oak bookshelf");
    form.append("photos", new File([await makeJpeg()], "front.jpg", { type: "image/jpeg" }));
    form.append("photos", new File([await makeJpeg()], "back.jpg", { type: "image/jpeg" }));
    const upload = await readPhotoForm(multipart(form));
    expect(upload.formData.get("title")).toBe("Oak bookshelf");
    expect(upload.formData.has("photos")).toBe(false);
    expect(upload.files.map((file) => file.name)).toEqual(["front.jpg", "back.jpg"]);
    expect(upload.problem).toBeNull();
  });

  it("reports a file over 15 MB by name, without keeping it, and still reads the rest of the form", async () => {
    const form = new FormData();
    form.append("photos", new File([new Uint8Array(MAX_PHOTO_BYTES + 1)], "huge.jpg", { type: "image/jpeg" }));
    form.set("title", "Typed after the photo");
    const upload = await readPhotoForm(multipart(form));
    expect(upload.problem).toBe("huge.jpg is larger than 15 MB. Please choose a smaller photo.");
    expect(upload.files).toEqual([]);
    expect(upload.formData.get("title")).toBe("Typed after the photo");
  });

  it("refuses an eleventh photo and ignores the empty part sent when no file was chosen", async () => {
    const photo = await makeJpeg({ width: 64, height: 48 });
    const form = new FormData();
    for (let i = 0; i < 11; i++) form.append("photos", new File([photo], `p${i}.jpg`, { type: "image/jpeg" }));
    const upload = await readPhotoForm(multipart(form));
    expect(upload.files).toHaveLength(10);
    expect(upload.problem).toBe("Add at most 10 photos.");

    const empty = new FormData();
    empty.append("photos", new File([], "", { type: "application/octet-stream" }));
    expect((await readPhotoForm(multipart(empty))).files).toEqual([]);
  });
});
