import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblems, verifyPassword } from "~/modules/accounts/passwords.server";
import { changePasswordSchema, signupSchema } from "~/modules/accounts/schemas.server";

describe("password policy", () => {
  it("asks for at least 10 characters", () => {
    expect(passwordProblems("123456789")).toEqual(["Use at least 10 characters"]);
    expect(passwordProblems("1234567890")).toEqual([]);
  });

  it("refuses a password of only spaces and one longer than 256 characters", () => {
    expect(passwordProblems(" ".repeat(12))).toEqual(["A password cannot be only spaces"]);
    expect(passwordProblems("x".repeat(257))).toEqual(["Use at most 256 characters"]);
  });

  it("hashes with argon2id at OWASP's parameters and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery ")).toBe(false);
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });
});

describe("account forms", () => {
  it("normalises the signup form and reports each bad field", () => {
    const ok = signupSchema.safeParse({ email: "  Ann@Example.test ", displayName: " Ann ", password: "long enough!" });
    expect(ok.success && ok.data).toEqual({ email: "Ann@Example.test", displayName: "Ann", password: "long enough!" });
    const bad = signupSchema.safeParse({ email: "ann", displayName: "A", password: "short" });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((issue) => issue.path[0]).sort();
    expect(paths).toEqual(["displayName", "email", "password"]);
  });

  it("requires the repeated new password to match", () => {
    const result = changePasswordSchema.safeParse({
      currentPassword: "old password",
      newPassword: "new password 1",
      confirmPassword: "new password 2",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ["confirmPassword"],
      message: "The two new passwords do not match",
    });
  });
});
