import { z } from "zod";
import { emailSchema, newPasswordSchema } from "~/modules/accounts/schemas.server";
import { tokenParam } from "~/lib/id-params.server";

/**
 * The zod schemas of the accounts routes' loaders and actions. A .server module, so the Remix
 * compiler leaves zod (~90 KB gzipped) out of those pages' browser bundles
 * (tests/unit/client-bundle.test.ts); the routes import them under their old local names.
 */

// forgot-password.tsx
export const forgotPasswordForgotSchema = z.object({ email: emailSchema });

// login_.two-factor.tsx
export const loginTwoFactorCodeSchema = z.object({
  code: z
    .string({ message: "Enter the code from your authenticator app" })
    .trim()
    .min(1, "Enter the code from your authenticator app")
    .max(20, "Enter the 6-digit code, or a recovery code like ABCDE-FGHIJ"),
});

// reset-password.$token.tsx
export const resetPasswordParamsSchema = z.object({ token: tokenParam });

export const resetPasswordResetSchema = z
  .object({ newPassword: newPasswordSchema, confirmPassword: z.string({ message: "Repeat the new password" }) })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match",
  });

// settings.tsx
export const settingsIntentSchema = z.enum(
  ["profile", "email", "password", "logout-everywhere", "logout-session", "insights"],
  {
    message: "Unknown action; reload the page and try again.",
  },
);

// settings_.two-factor.tsx
export const settingsTwoFactorCodeField = z
  .string({ message: "Enter the 6-digit code from your app" })
  .trim()
  .min(1, "Enter the 6-digit code from your app")
  .max(20, "Enter the 6-digit code from your app");

export const settingsTwoFactorConfirmSchema = z.object({ code: settingsTwoFactorCodeField });

export const settingsTwoFactorDisableSchema = z.object({
  password: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(256),
  code: settingsTwoFactorCodeField,
});

export const settingsTwoFactorIntentSchema = z.enum(["confirm", "disable"], {
  message: "Unknown action; reload the page and try again.",
});

// verify-email_.$token.tsx
export const verifyEmailParamsSchema = z.object({ token: tokenParam });

export const settingsIntentFormSchema = z.object({ intent: settingsIntentSchema });
/** "Sign out" beside one of the member's sessions: the session's hex id. */
export const settingsSessionFormSchema = z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/) });
export const settingsTwoFactorIntentFormSchema = z.object({ intent: settingsTwoFactorIntentSchema });
