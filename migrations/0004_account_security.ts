/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("email_verified_at", "timestamptz")
    // Set when an account is deleted: the row stays (other members' orders point at it) with its
    // personal fields erased; its opaque id is the pseudonymous reference.
    .addColumn("deleted_at", "timestamptz")
    .execute();
  // Accounts that existed before verification was introduced signed up under the old rules; they
  // count as verified rather than being locked out of features that now require it.
  await sql`update users set email_verified_at = created_at`.execute(db);

  // Single-use links sent by email. Only SHA-256 of the random token is stored.
  await db.schema
    .createTable("account_tokens")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("purpose", "text", (col) => col.notNull().check(sql`purpose in ('verify_email', 'reset_password')`))
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    // For an email change: the address the link verifies (users.email changes only when it is followed).
    .addColumn("new_email", "text")
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("account_tokens_user_purpose_idx")
    .on("account_tokens")
    .columns(["user_id", "purpose"])
    .execute();

  // One authenticator per member. enabled_at is null while setup awaits its first code.
  await db.schema
    .createTable("user_totp")
    .addColumn("user_id", "text", (col) => col.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("secret", "text", (col) => col.notNull())
    .addColumn("enabled_at", "timestamptz")
    // The 30-second time step of the last accepted code: a code (or an earlier one) is never accepted twice.
    .addColumn("last_used_step", "bigint")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (col) => col.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("recovery_codes_user_code_key", ["user_id", "code_hash"])
    .execute();

  // The step between a correct password and the second factor; the browser holds the token in a cookie.
  await db.schema
    .createTable("login_challenges")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("redirect_to", "text", (col) => col.notNull())
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("expires_at", "timestamptz", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("login_challenges").execute();
  await db.schema.dropTable("recovery_codes").execute();
  await db.schema.dropTable("user_totp").execute();
  await db.schema.dropTable("account_tokens").execute();
  await db.schema.alterTable("users").dropColumn("deleted_at").dropColumn("email_verified_at").execute();
}
