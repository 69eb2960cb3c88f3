import { createHash, createHmac } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { prepareOnEachConnection } from "~db/prepared-statements";
import type { Database, Role } from "~db/schema";

/**
 * The only file that knows lucia. Lucia v3 is deprecated upstream in favour of the session design
 * in its guide; this file already follows that design's storage rule (only a hash of the token is
 * stored), so replacing lucia is a change to this file alone. See docs/decisions/003-sessions.md.
 */

export interface SessionSettings {
  cookieName: string;
  secureCookie: boolean;
  days: number;
  /** Optional pepper for the stored hashes; rotating it signs everyone out. */
  secret: string | null;
}

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  /** Set while an admin has suspended the member: they may read, not act (auth.server.ts). */
  suspension: { reason: string | null } | null;
}

/** One of a member's sessions, for the "where you're signed in" list. */
export interface SessionSummary {
  /** The stored hash: identifies the row to its owner, but is not a usable token. */
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ipAddress: string | null;
  current: boolean;
}

export interface ActiveSession {
  /** The hashed id as stored; never a usable token. */
  id: string;
  userId: string;
  expiresAt: Date;
  fresh: boolean;
}

interface DatabaseUserAttributes {
  email: string;
  displayName: string;
  role: Role;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  suspension: { reason: string | null } | null;
}

interface DatabaseSessionAttributes {
  userAgent: string | null;
  ipAddress: string | null;
  lastSeenAt?: Date;
}

type StoopLucia = Lucia<{ lastSeenAt: Date | null }, DatabaseUserAttributes>;

/** "Last seen" is written at most this often, so a busy member does not cost a write per request. */
const LAST_SEEN_PRECISION_MS = 5 * 60 * 1000;

declare module "lucia" {
  interface Register {
    Lucia: StoopLucia;
    DatabaseUserAttributes: DatabaseUserAttributes;
    DatabaseSessionAttributes: DatabaseSessionAttributes;
  }
}

function hashToken(token: string, secret: string | null): string {
  return secret
    ? createHmac("sha256", secret).update(token).digest("hex")
    : createHash("sha256").update(token).digest("hex");
}

/** A lucia adapter over Kysely that stores SHA-256(token) as the row id: a leaked table holds no live tokens. */
class HashingKyselyAdapter implements Adapter {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly secret: string | null,
  ) {}

  private key(sessionId: string): string {
    return hashToken(sessionId, this.secret);
  }

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    // Every signed-in request runs this: a named prepared statement, parsed and planned once per
    // connection (db/prepared-statements.ts; its text never varies).
    const query = this.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.userId")
      .leftJoin("userTotp", "userTotp.userId", "sessions.userId")
      .select([
        "sessions.expiresAt",
        "sessions.userId",
        "sessions.userAgent",
        "sessions.ipAddress",
        "sessions.lastSeenAt",
        "users.email",
        "users.displayName",
        "users.role",
        "users.emailVerifiedAt",
        "users.suspendedAt",
        "users.suspensionReason",
        "userTotp.enabledAt as totpEnabledAt",
      ])
      .where("sessions.id", "=", this.key(sessionId))
      .compile();
    prepareOnEachConnection(query.sql);
    const row = (await this.db.executeQuery(query)).rows[0];
    if (!row) return [null, null];
    return [
      {
        id: sessionId,
        userId: row.userId,
        expiresAt: row.expiresAt,
        attributes: { userAgent: row.userAgent, ipAddress: row.ipAddress, lastSeenAt: row.lastSeenAt },
      },
      {
        id: row.userId,
        attributes: {
          email: row.email,
          displayName: row.displayName,
          role: row.role,
          emailVerified: row.emailVerifiedAt !== null,
          twoFactorEnabled: row.totpEnabledAt !== null,
          // Suspension ends every session (admin/moderation.server.ts); a later sign-in is read-only.
          suspension: row.suspendedAt ? { reason: row.suspensionReason } : null,
        },
      },
    ];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.db
      .selectFrom("sessions")
      .select(["id", "userId", "expiresAt", "userAgent", "ipAddress"])
      .where("userId", "=", userId)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      userId: row.userId,
      expiresAt: row.expiresAt,
      attributes: { userAgent: row.userAgent, ipAddress: row.ipAddress },
    }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db
      .insertInto("sessions")
      .values({
        id: this.key(session.id),
        userId: session.userId,
        expiresAt: session.expiresAt,
        userAgent: session.attributes.userAgent,
        ipAddress: session.attributes.ipAddress,
      })
      .execute();
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable("sessions")
      .set({ expiresAt, lastSeenAt: new Date() })
      .where("id", "=", this.key(sessionId))
      .execute();
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", this.key(sessionId)).execute();
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("userId", "=", userId).execute();
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.deleteFrom("sessions").where("expiresAt", "<=", new Date()).execute();
  }
}

export interface Sessions {
  readonly cookieName: string;
  /** Starts a session and returns the Set-Cookie header value that carries its token. */
  create(userId: string, meta: { userAgent: string | null; ipAddress: string | null }): Promise<string>;
  /** Reads the cookie header; `setCookie` is non-null when the browser's cookie must be refreshed or cleared. */
  validate(cookieHeader: string | null): Promise<{
    user: SessionUser | null;
    session: ActiveSession | null;
    token: string | null;
    setCookie: string | null;
  }>;
  invalidate(token: string): Promise<void>;
  invalidateAllFor(userId: string): Promise<void>;
  invalidateAllExcept(userId: string, keepToken: string): Promise<number>;
  /** Ends one of the member's own sessions, found by its stored hash; false if it is not theirs or gone. */
  invalidateOwned(userId: string, sessionId: string): Promise<boolean>;
  countFor(userId: string): Promise<number>;
  /** The member's live sessions, newest activity first; `current` marks the one holding `currentToken`. */
  listFor(userId: string, currentToken: string | null): Promise<SessionSummary[]>;
  deleteExpired(): Promise<void>;
  blankCookie(): string;
}

const instances = new WeakMap<Kysely<Database>, Map<string, Sessions>>();

/** One Sessions object per database and settings (lucia is cheap, but the handlers call this per request). */
export function sessionsFor(db: Kysely<Database>, settings: SessionSettings): Sessions {
  const cacheKey = JSON.stringify(settings);
  let perDb = instances.get(db);
  if (!perDb) instances.set(db, (perDb = new Map()));
  let sessions = perDb.get(cacheKey);
  if (!sessions) perDb.set(cacheKey, (sessions = createSessions(db, settings)));
  return sessions;
}

function createSessions(db: Kysely<Database>, settings: SessionSettings): Sessions {
  const lucia: StoopLucia = new Lucia(new HashingKyselyAdapter(db, settings.secret), {
    sessionExpiresIn: new TimeSpan(settings.days, "d"),
    sessionCookie: {
      name: settings.cookieName,
      expires: true,
      attributes: { secure: settings.secureCookie, sameSite: "lax", path: "/" },
    },
    getSessionAttributes: (attributes) => ({ lastSeenAt: attributes.lastSeenAt ?? null }),
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      displayName: attributes.displayName,
      role: attributes.role,
      emailVerified: attributes.emailVerified,
      twoFactorEnabled: attributes.twoFactorEnabled,
      suspension: attributes.suspension,
    }),
  });

  return {
    cookieName: lucia.sessionCookieName,

    async create(userId, meta) {
      const session = await lucia.createSession(userId, {
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
        ipAddress: meta.ipAddress,
      });
      return lucia.createSessionCookie(session.id).serialize();
    },

    async validate(cookieHeader) {
      const token = lucia.readSessionCookie(cookieHeader ?? "");
      if (!token) return { user: null, session: null, token: null, setCookie: null };
      const { user, session } = await lucia.validateSession(token);
      if (!user || !session) {
        return { user: null, session: null, token: null, setCookie: lucia.createBlankSessionCookie().serialize() };
      }
      if (!session.lastSeenAt || Date.now() - session.lastSeenAt.getTime() > LAST_SEEN_PRECISION_MS) {
        await db
          .updateTable("sessions")
          .set({ lastSeenAt: new Date() })
          .where("id", "=", hashToken(session.id, settings.secret))
          .execute();
      }
      return {
        user: {
          id: user.id,
          email: user.email,
          displayName: user.displayName,
          role: user.role,
          emailVerified: user.emailVerified,
          twoFactorEnabled: user.twoFactorEnabled,
          suspension: user.suspension,
        },
        session: {
          id: hashToken(session.id, settings.secret),
          userId: session.userId,
          expiresAt: session.expiresAt,
          fresh: session.fresh,
        },
        token,
        setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null,
      };
    },

    invalidate: (token) => lucia.invalidateSession(token),

    invalidateAllFor: (userId) => lucia.invalidateUserSessions(userId),

    async invalidateAllExcept(userId, keepToken) {
      const result = await db
        .deleteFrom("sessions")
        .where("userId", "=", userId)
        .where("id", "!=", hashToken(keepToken, settings.secret))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async invalidateOwned(userId, sessionId) {
      const result = await db
        .deleteFrom("sessions")
        .where("userId", "=", userId)
        .where("id", "=", sessionId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async listFor(userId, currentToken) {
      const currentId = currentToken ? hashToken(currentToken, settings.secret) : null;
      const rows = await db
        .selectFrom("sessions")
        .select(["id", "createdAt", "lastSeenAt", "userAgent", "ipAddress"])
        .where("userId", "=", userId)
        .where("expiresAt", ">", new Date())
        .orderBy("lastSeenAt", "desc")
        .execute();
      return rows.map((row) => ({ ...row, current: row.id === currentId }));
    },

    async countFor(userId) {
      const row = await db
        .selectFrom("sessions")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("userId", "=", userId)
        .where("expiresAt", ">", new Date())
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    deleteExpired: () => lucia.deleteExpiredSessions(),

    blankCookie: () => lucia.createBlankSessionCookie().serialize(),
  };
}

/**
 * Ends every session of a member inside the caller's transaction (a password reset, an account
 * deletion): the sessions end exactly when the change commits.
 */
export async function endAllSessionsOf(trx: Kysely<Database> | Transaction<Database>, userId: string): Promise<number> {
  const result = await trx.deleteFrom("sessions").where("userId", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
