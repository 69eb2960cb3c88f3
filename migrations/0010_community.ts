/* eslint-disable @typescript-eslint/no-explicit-any -- migrations never import the app schema */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // ---- Questions and answers on a listing (public).
  await db.schema
    .createTable("questions")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("listing_id", "text", (col) => col.notNull().references("listings.id").onDelete("cascade"))
    .addColumn("asker_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("body", "text", (col) => col.notNull())
    // The one answer the asker marked helpful; the foreign key is added once `answers` exists.
    .addColumn("helpful_answer_id", "text")
    .addColumn("created_at", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("questions_listing_idx").on("questions").columns(["listing_id", "created_at"]).execute();

  await db.schema
    .createTable("answers")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("question_id", "text", (col) => col.notNull().references("questions.id").onDelete("cascade"))
    .addColumn("author_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("body", "text", (col) => col.notNull())
    // "For your use, this one is a better fit": another listing, shown as a card.
    .addColumn("recommended_listing_id", "text", (col) => col.references("listings.id").onDelete("set null"))
    .addColumn("created_at", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("answers_question_idx").on("answers").columns(["question_id", "created_at"]).execute();
  await db.schema.createIndex("answers_author_idx").on("answers").column("author_id").execute();
  await sql`alter table questions add constraint questions_helpful_answer_fk
    foreign key (helpful_answer_id) references answers(id) on delete set null`.execute(db);
  await db.schema.createIndex("questions_helpful_idx").on("questions").column("helpful_answer_id").execute();

  await db.schema
    .createTable("answer_votes")
    .addColumn("answer_id", "text", (col) => col.notNull().references("answers.id").onDelete("cascade"))
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("answer_votes_pk", ["answer_id", "user_id"])
    .execute();

  // ---- Private conversations. A conversation has a subject (today: a listing and the member who
  // wants to buy it; later: an order and a retailer) and participant rows, so other subjects add
  // columns and participants without changing how messages, unread counts or privacy work.
  await db.schema
    .createTable("conversations")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("subject_type", "text", (col) => col.notNull().check(sql`subject_type in ('listing', 'order')`))
    .addColumn("listing_id", "text", (col) => col.references("listings.id").onDelete("restrict"))
    .addColumn("order_id", "text", (col) => col.references("orders.id").onDelete("restrict"))
    .addColumn("buyer_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("last_message_at", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("created_at", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      "conversations_subject_fits",
      sql`(subject_type = 'listing' and listing_id is not null) or (subject_type = 'order' and order_id is not null)`,
    )
    .execute();
  // One conversation per (listing, buyer): "Message the seller" reopens it.
  await sql`create unique index conversations_listing_buyer_key on conversations (listing_id, buyer_id)
    where subject_type = 'listing'`.execute(db);

  await db.schema
    .createTable("conversation_participants")
    .addColumn("conversation_id", "text", (col) => col.notNull().references("conversations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("role", "text", (col) => col.notNull())
    // Denormalised so the header's unread count is one indexed sum, not a scan of messages.
    .addColumn("unread_count", "integer", (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`unread_count >= 0`),
    )
    .addColumn("last_read_at", sql`timestamptz(3)`)
    .addPrimaryKeyConstraint("conversation_participants_pk", ["conversation_id", "user_id"])
    .execute();
  await db.schema
    .createIndex("conversation_participants_user_idx")
    .on("conversation_participants")
    .columns(["user_id", "unread_count"])
    .execute();

  await db.schema
    .createTable("messages")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("conversation_id", "text", (col) => col.notNull().references("conversations.id").onDelete("cascade"))
    .addColumn("sender_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("body", "text", (col) => col.notNull())
    .addColumn("created_at", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("messages_conversation_idx")
    .on("messages")
    .columns(["conversation_id", "created_at", "id"])
    .execute();

  // ---- Reviews after a completed order. `subject` says what is reviewed: the seller (by the
  // buyer), the buyer (by the seller) or, later, a retailer's service line (by the buyer).
  await db.schema
    .createTable("reviews")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("order_id", "text", (col) => col.notNull().references("orders.id").onDelete("restrict"))
    .addColumn("subject", "text", (col) => col.notNull().check(sql`subject in ('seller', 'buyer', 'service')`))
    .addColumn("reviewer_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("reviewee_id", "text", (col) => col.notNull().references("users.id").onDelete("restrict"))
    .addColumn("rating", "smallint", (col) => col.notNull().check(sql`rating between 1 and 5`))
    .addColumn("body", "text", (col) => col.notNull())
    .addColumn("created_at", sql`timestamptz(3)`, (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // One review per party per order (service reviews will get their own key per service line).
  await sql`create unique index reviews_one_per_party_key on reviews (order_id, subject)
    where subject in ('seller', 'buyer')`.execute(db);
  await db.schema.createIndex("reviews_reviewee_idx").on("reviews").columns(["reviewee_id", "subject"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("reviews").execute();
  await db.schema.dropTable("messages").execute();
  await db.schema.dropTable("conversation_participants").execute();
  await db.schema.dropTable("conversations").execute();
  await db.schema.dropTable("answer_votes").execute();
  await sql`alter table questions drop constraint questions_helpful_answer_fk`.execute(db);
  await db.schema.dropTable("answers").execute();
  await db.schema.dropTable("questions").execute();
}
