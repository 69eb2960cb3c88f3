import { z } from "zod";
import { emailSchema, newPasswordSchema } from "~/modules/accounts/schemas.server";
import { tokenParam } from "~/lib/id-params.server";

/**
 * The zod schemas of the accounts routes' loaders and actions. A .server module, so the Remix
 * compiler leaves zod (~90 KB gzipped) out of those pages' browser bundles
 * (tests/unit/client-bundle.test.ts). Named for what they parse: `…Form` an action's form body,
 * `…Params` the URL's params, `…Query` its search params, `…Field` one value.
 */

// forgot-password.tsx
export const forgotPasswordForm = z.object({ email: emailSchema });

// login_.two-factor.tsx
export const twoFactorLoginForm = z.object({
  code: z
    .string({ message: "Enter the code from your authenticator app" })
    .trim()
    .min(1, "Enter the code from your authenticator app")
    .max(20, "Enter the 6-digit code, or a recovery code like ABCDE-FGHIJ"),
});

// reset-password.$token.tsx
export const resetPasswordParams = z.object({ token: tokenParam });

export const resetPasswordForm = z
  .object({ newPassword: newPasswordSchema, confirmPassword: z.string({ message: "Repeat the new password" }) })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match",
  });

// settings.tsx
export const settingsIntentField = z.enum(
  ["profile", "email", "password", "logout-everywhere", "logout-session", "insights"],
  {
    message: "Unknown action; reload the page and try again.",
  },
);

// settings_.two-factor.tsx
export const twoFactorCodeField = z
  .string({ message: "Enter the 6-digit code from your app" })
  .trim()
  .min(1, "Enter the 6-digit code from your app")
  .max(20, "Enter the 6-digit code from your app");

export const twoFactorConfirmForm = z.object({ code: twoFactorCodeField });

export const twoFactorDisableForm = z.object({
  password: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(256),
  code: twoFactorCodeField,
});

export const twoFactorIntentField = z.enum(["confirm", "disable"], {
  message: "Unknown action; reload the page and try again.",
});

// verify-email_.$token.tsx
export const verifyEmailParams = z.object({ token: tokenParam });

export const settingsIntentForm = z.object({ intent: settingsIntentField });
/** "Sign out" beside one of the member's sessions: the session's hex id. */
export const signOutSessionForm = z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/) });
export const twoFactorIntentForm = z.object({ intent: twoFactorIntentField });
