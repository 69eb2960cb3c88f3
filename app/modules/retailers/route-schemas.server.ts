import { z } from "zod";
import { idParam, tokenParam } from "~/lib/id-params.server";

/**
 * The zod schemas of the retailers routes' loaders and actions. A .server module, so the Remix
 * compiler leaves zod (~90 KB gzipped) out of those pages' browser bundles
 * (tests/unit/client-bundle.test.ts). Named for what they parse: `…Form` an action's form body,
 * `…Params` the URL's params, `…Query` its search params, `…Field` one value.
 */

// retailers.$slug_.services.tsx
export const serviceToggleForm = z.object({
  intent: z.enum(["pause", "resume"]),
  serviceId: idParam,
});

// retailers.$slug_.services_.$serviceId.edit.tsx
export const shopServiceParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,40}$/),
  serviceId: idParam,
});

// retailers.invites.$token.tsx
export const inviteParams = z.object({ token: tokenParam });

/** A shop's `$slug` param, shared by every shop route. */
export const shopSlugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,40}$/) });
