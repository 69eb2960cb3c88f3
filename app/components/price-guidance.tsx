import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

interface GuidanceAnswer {
  sentence: string;
}

/**
 * Price guidance beside the sell form's price. Without JavaScript, "Show price guidance" re-sends
 * the form as a GET to its own page, which answers with the figures (and what was typed). With
 * JavaScript, the figures follow the category, condition and pickup area as they change, from
 * the resource route /listings/price-guidance. Without `getAction` (the edit page) the figures
 * are those of the saved details, refreshed on save.
 */
export function PriceGuidancePanel({ sentence, getAction }: { sentence: string | null; getAction?: string }) {
  const fetcher = useFetcher<GuidanceAnswer>();
  const ref = useRef<HTMLDivElement>(null);
  const [hydrated, setHydrated] = useState(false);
  const load = fetcher.load;
  useEffect(() => {
    setHydrated(true);
    const form = ref.current?.closest("form");
    if (!form) return;
    const update = (event: Event) => {
      const name = (event.target as HTMLInputElement | null)?.name;
      if (name && !["categoryId", "condition", "location"].includes(name)) return;
      const data = new FormData(form);
      const categoryId = String(data.get("categoryId") ?? "");
      const condition = String(data.get("condition") ?? "");
      if (!categoryId || !condition) return;
      const query = new URLSearchParams({ categoryId, condition, location: String(data.get("location") ?? "") });
      load(`/listings/price-guidance?${query}`);
    };
    form.addEventListener("change", update);
    return () => form.removeEventListener("change", update);
  }, [load]);
  const shown = fetcher.data?.sentence ?? sentence;
  return (
    <div ref={ref} className="price-guidance field">
      <p aria-live="polite" className={shown ? "notice" : "muted"}>
        {shown ?? "Choose a category and condition to see what similar items sold for."}
      </p>
      {hydrated || !getAction ? null : (
        <button
          type="submit"
          formMethod="get"
          formAction={getAction}
          formNoValidate
          name="guidance"
          value="1"
          className="button--secondary button--small"
        >
          Show price guidance
        </button>
      )}
    </div>
  );
}
