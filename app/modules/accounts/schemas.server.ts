import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./schemas";

/** One schema per account form (server only: zod stays out of the page bundles). */

export const emailSchema = z
  .string({ message: "Enter your email address" })
  .trim()
  .min(1, "Enter your email address")
  .max(254, "Email addresses are at most 254 characters")
  .pipe(z.email({ message: "Enter a valid email address, like name@example.com" }));

export const newPasswordSchema = z
  .string({ message: "Choose a password" })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`)
  .refine((value) => value.trim().length > 0, "A password cannot be only spaces");

export const displayNameSchema = z
  .string({ message: "Enter the name other members will see" })
  .trim()
  .min(2, "Use at least 2 characters")
  .max(50, "Use at most 50 characters");

export const signupSchema = z.object({
  email: emailSchema,
  displayName: displayNameSchema,
  password: newPasswordSchema,
});
export type SignupInput = z.output<typeof signupSchema>;

export const loginSchema = z.object({
  email: emailSchema,
  password: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(PASSWORD_MAX_LENGTH),
});
export type LoginInput = z.output<typeof loginSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ message: "Enter your current password" }).min(1, "Enter your current password"),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ message: "Repeat the new password" }),
  })
  .refine((input) => input.newPassword === input.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two new passwords do not match",
  });
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;

export const displayNameFormSchema = z.object({ displayName: displayNameSchema });

export const changeEmailSchema = z.object({
  newEmail: emailSchema,
  password: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(PASSWORD_MAX_LENGTH),
});

export const deleteAccountSchema = z.object({
  password: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(PASSWORD_MAX_LENGTH),
});
