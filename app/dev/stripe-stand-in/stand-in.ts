import { createHash, createHmac } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import qs from "qs";
import {
  StripeApiError,
  newStripeId,
  nowSeconds,
  type Account,
  type Charge,
  type CheckoutSession,
  type Dispute,
  type Metadata,
  type PaymentIntent,
  type Refund,
  type StripeEvent,
  type Transfer,
  type TransferReversal,
} from "./objects";
import { checkoutPage, messagePage, onboardingPage } from "./pages";

/**
 * A small, stateful stand-in for the part of Stripe's API that Stoop uses, so the real `stripe`
 * SDK can run offline (dev, demo, tests) through its `host`/`port`/`protocol` options. It answers
 * Stripe-shaped JSON and errors, honours Idempotency-Key, serves a hosted checkout page and a
 * Connect onboarding page, and delivers webhooks signed exactly like Stripe's (with retries).
 * It is not Stripe: it keeps its state in memory and implements only what is listed below.
 */

export const STAND_IN_API_VERSION = "2026-10-28.endive";

export const TEST_CARDS = {
  succeeds: "4242424242424242",
  declined: "4000000000000002",
  succeedsThenDisputed: "4000000000000259",
} as const;

export interface StandInOptions {
  /** Where hosted pages are served, as the browser sees it (e.g. http://localhost:3000/stripe-stand-in). */
  publicBaseUrl: string;
  webhookSecret: string;
  /** Where events are POSTed; may be set later (the app knows its port only after listening). */
  webhookUrl?: string | null;
  /** Delays between delivery attempts of one event, in ms; its length is the number of retries. */
  retryDelaysMs?: number[];
  log?: (message: string, details?: Record<string, unknown>) => void;
}

interface DeliveryRecord {
  event: StripeEvent;
  attempts: number;
  delivered: boolean;
  lastStatus: number | null;
}

interface IdempotentResponse {
  fingerprint: string;
  status: number;
  body: string;
}

const PAGE_PREFIX = "/pages";

export class StripeStandIn {
  readonly accounts = new Map<string, Account>();
  readonly accountLinks = new Map<
    string,
    { account: string; refreshUrl: string; returnUrl: string; expiresAt: number; used: boolean }
  >();
  readonly sessions = new Map<string, CheckoutSession>();
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly transfers = new Map<string, Transfer>();
  readonly disputes = new Map<string, Dispute>();
  readonly events: DeliveryRecord[] = [];
  private readonly idempotency = new Map<string, IdempotentResponse>();
  private held: StripeEvent[] | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly expiryTimer: NodeJS.Timeout;
  webhookUrl: string | null;

  constructor(private readonly options: StandInOptions) {
    this.webhookUrl = options.webhookUrl ?? null;
    // Checkout Sessions expire on their own, as on Stripe.
    this.expiryTimer = setInterval(() => this.expireDueSessions(), 1000);
    this.expiryTimer.unref();
  }

  close() {
    clearInterval(this.expiryTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** True for the paths this stand-in answers: the API (/v1/…), its pages and its test controls. */
  handles(path: string): boolean {
    return path.startsWith("/v1/") || path.startsWith(PAGE_PREFIX + "/") || path.startsWith("/_stand-in/");
  }

  /** A node:http request listener for those paths (mount it on its own server, or inside the app's). */
  async handle(req: IncomingMessage, res: ServerResponse, path = new URL(req.url ?? "/", "http://x").pathname) {
    const body = await readBody(req);
    try {
      if (path.startsWith("/v1/")) return await this.handleApi(req, res, path, body);
      if (path.startsWith(PAGE_PREFIX + "/"))
        return await this.handlePage(req, res, path.slice(PAGE_PREFIX.length), body);
      return await this.handleControl(req, res, path, body);
    } catch (error) {
      if (error instanceof StripeApiError) return sendJson(res, error.status, error.toJSON());
      this.options.log?.("stand-in error", { error: String(error) });
      return sendJson(res, 500, {
        error: { type: "api_error", message: "The Stripe stand-in failed to handle this request." },
      });
    }
  }

  // ---------------------------------------------------------------- API

  private async handleApi(req: IncomingMessage, res: ServerResponse, path: string, body: string) {
    const auth = req.headers.authorization ?? "";
    if (!/^Bearer (sk|rk)_test_\w+/.test(auth)) {
      throw new StripeApiError(
        401,
        "invalid_request_error",
        "Invalid API Key provided. The stand-in accepts any sk_test_… key.",
      );
    }
    const params = (
      req.method === "GET" ? qs.parse(new URL(req.url ?? "/", "http://x").search.slice(1)) : qs.parse(body)
    ) as Params;
    const idempotencyKey = req.method === "POST" ? req.headers["idempotency-key"] : undefined;
    if (typeof idempotencyKey === "string" && idempotencyKey) {
      const fingerprint = createHash("sha256").update(`${req.method} ${path} ${body}`).digest("hex");
      const cacheKey = `${auth} ${idempotencyKey}`;
      const previous = this.idempotency.get(cacheKey);
      if (previous) {
        if (previous.fingerprint !== fingerprint) {
          throw new StripeApiError(
            400,
            "idempotency_error",
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          );
        }
        res.setHeader("Idempotent-Replayed", "true");
        res.writeHead(previous.status, { "Content-Type": "application/json" });
        return res.end(previous.body);
      }
      const { status, payload } = await this.route(req.method ?? "GET", path, params);
      const serialized = JSON.stringify(payload);
      // Stripe saves the result of any request that got as far as executing, errors included.
      this.idempotency.set(cacheKey, { fingerprint, status, body: serialized });
      res.writeHead(status, { "Content-Type": "application/json" });
      return res.end(serialized);
    }
    const { status, payload } = await this.route(req.method ?? "GET", path, params);
    return sendJson(res, status, payload);
  }

  private async route(method: string, path: string, params: Params): Promise<{ status: number; payload: unknown }> {
    try {
      return { status: 200, payload: this.dispatch(method, path, params) };
    } catch (error) {
      if (error instanceof StripeApiError) return { status: error.status, payload: error.toJSON() };
      throw error;
    }
  }

  private readonly routes: [method: string, pattern: RegExp, handler: (params: Params, ...ids: string[]) => unknown][] =
    [
      ["POST", /^\/v1\/accounts$/, (params) => this.createAccount(params)],
      ["GET", /^\/v1\/accounts\/([\w-]+)$/, (_params, id) => this.find(this.accounts, id!, "account")],
      ["POST", /^\/v1\/account_links$/, (params) => this.createAccountLink(params)],
      ["POST", /^\/v1\/checkout\/sessions$/, (params) => this.createCheckoutSession(params)],
      [
        "GET",
        /^\/v1\/checkout\/sessions\/([\w-]+)$/,
        (_params, id) => this.find(this.sessions, id!, "checkout.session"),
      ],
      ["POST", /^\/v1\/checkout\/sessions\/([\w-]+)\/expire$/, (_params, id) => this.expireSession(id!, "api")],
      [
        "GET",
        /^\/v1\/payment_intents\/([\w-]+)$/,
        (_params, id) => this.find(this.paymentIntents, id!, "payment_intent"),
      ],
      ["GET", /^\/v1\/charges\/([\w-]+)$/, (_params, id) => this.find(this.charges, id!, "charge")],
      ["POST", /^\/v1\/refunds$/, (params) => this.createRefund(params)],
      ["GET", /^\/v1\/refunds$/, (params) => this.listRefunds(params)],
      ["GET", /^\/v1\/refunds\/([\w-]+)$/, (_params, id) => this.find(this.refunds, id!, "refund")],
      ["POST", /^\/v1\/transfers$/, (params) => this.createTransfer(params)],
      ["GET", /^\/v1\/transfers$/, (params) => this.listTransfers(params)],
      ["GET", /^\/v1\/transfers\/([\w-]+)$/, (_params, id) => this.find(this.transfers, id!, "transfer")],
      ["POST", /^\/v1\/transfers\/([\w-]+)\/reversals$/, (params, id) => this.createReversal(id!, params)],
      ["GET", /^\/v1\/disputes\/([\w-]+)$/, (_params, id) => this.find(this.disputes, id!, "dispute")],
    ];

  private dispatch(method: string, path: string, params: Params): unknown {
    for (const [routeMethod, pattern, handler] of this.routes) {
      const match = routeMethod === method ? pattern.exec(path) : null;
      if (match) return handler(params, ...match.slice(1));
    }
    throw new StripeApiError(
      404,
      "invalid_request_error",
      `Unrecognized request URL (${method}: ${path}). The Stripe stand-in implements only the endpoints Stoop uses.`,
    );
  }

  private find<T>(map: Map<string, T>, id: string, name: string): T {
    const found = map.get(id);
    if (!found)
      throw new StripeApiError(404, "invalid_request_error", `No such ${name}: '${id}'`, {
        code: "resource_missing",
        param: "id",
      });
    return found;
  }

  /**
   * A Stripe list (newest first, `limit` 1–100, default 10) of the objects that match every
   * filter given; tests read the money of one order this way (refunds of its payment intent,
   * transfers to one account or in one transfer group).
   */
  private list<T extends { created: number }>(
    path: string,
    objects: Iterable<T>,
    params: Params,
    filters: Record<string, (object: T) => string | null>,
  ) {
    const limit = optionalInteger(params, "limit", "limit", 1) ?? 10;
    if (limit > 100)
      throw new StripeApiError(400, "invalid_request_error", "This value must be less than or equal to 100.", {
        param: "limit",
      });
    const wanted = Object.entries(filters).flatMap(([name, read]) => {
      const value = optionalString(params, name);
      return value === null ? [] : [{ read, value }];
    });
    // Insertion order is creation order; Stripe lists newest first.
    const matching = [...objects]
      .reverse()
      .filter((object) => wanted.every(({ read, value }) => read(object) === value));
    return { object: "list", data: matching.slice(0, limit), has_more: matching.length > limit, url: path };
  }

  private listRefunds(params: Params) {
    return this.list("/v1/refunds", this.refunds.values(), params, {
      charge: (refund) => refund.charge,
      payment_intent: (refund) => refund.payment_intent,
    });
  }

  private listTransfers(params: Params) {
    return this.list("/v1/transfers", this.transfers.values(), params, {
      destination: (transfer) => transfer.destination,
      transfer_group: (transfer) => transfer.transfer_group,
    });
  }

  private createAccount(params: Params): Account {
    const type = optionalString(params, "type") ?? "express";
    if (type !== "express")
      throw new StripeApiError(400, "invalid_request_error", "The stand-in only creates Express accounts.", {
        param: "type",
      });
    const account: Account = {
      id: newStripeId("acct"),
      object: "account",
      type: "express",
      email: optionalString(params, "email"),
      country: optionalString(params, "country") ?? "US",
      created: nowSeconds(),
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      capabilities: { transfers: "inactive" },
      metadata: metadataOf(params),
    };
    this.accounts.set(account.id, account);
    return account;
  }

  private createAccountLink(params: Params) {
    const account = this.find(this.accounts, requiredString(params, "account"), "account");
    const refreshUrl = requiredString(params, "refresh_url");
    const returnUrl = requiredString(params, "return_url");
    const type = requiredString(params, "type");
    if (type !== "account_onboarding")
      throw new StripeApiError(400, "invalid_request_error", "Invalid type: must be account_onboarding.", {
        param: "type",
      });
    const token = newStripeId("link");
    const expiresAt = nowSeconds() + 300;
    this.accountLinks.set(token, { account: account.id, refreshUrl, returnUrl, expiresAt, used: false });
    return {
      object: "account_link",
      url: `${this.options.publicBaseUrl}${PAGE_PREFIX}/onboarding/${token}`,
      created: nowSeconds(),
      expires_at: expiresAt,
    };
  }

  private createCheckoutSession(params: Params): CheckoutSession {
    if (optionalString(params, "mode") !== "payment") {
      throw new StripeApiError(400, "invalid_request_error", "The stand-in supports mode=payment only.", {
        param: "mode",
      });
    }
    const successUrl = requiredString(params, "success_url");
    const lineItems = params.line_items;
    if (!Array.isArray(lineItems) || lineItems.length === 0) {
      throw new StripeApiError(400, "invalid_request_error", "Missing required param: line_items.", {
        code: "parameter_missing",
        param: "line_items",
      });
    }
    let currency: string | null = null;
    const summary = lineItems.map((item, index) => {
      const priceData = (item as Params).price_data as Params | undefined;
      if (!priceData)
        throw new StripeApiError(
          400,
          "invalid_request_error",
          `Missing required param: line_items[${index}][price_data].`,
          { code: "parameter_missing", param: `line_items[${index}][price_data]` },
        );
      const itemCurrency = requiredString(
        priceData,
        "currency",
        `line_items[${index}][price_data][currency]`,
      ).toLowerCase();
      if (currency && currency !== itemCurrency)
        throw new StripeApiError(400, "invalid_request_error", "All line items must use the same currency.");
      currency = itemCurrency;
      const amount = requiredInteger(priceData, "unit_amount", `line_items[${index}][price_data][unit_amount]`, 0);
      const product = (priceData.product_data as Params | undefined) ?? {};
      const quantity = optionalInteger(item as Params, "quantity", `line_items[${index}][quantity]`, 1) ?? 1;
      return { name: optionalString(product, "name") ?? "Item", amount, quantity };
    });
    const total = summary.reduce((sum, item) => sum + item.amount * item.quantity, 0);
    if (total <= 0)
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "The Checkout Session's total amount must be greater than zero.",
      );
    const expiresAt =
      optionalInteger(params, "expires_at", "expires_at", nowSeconds() + 30 * 60) ?? nowSeconds() + 24 * 3600;
    const intentData = (params.payment_intent_data as Params | undefined) ?? {};
    const id = newStripeId("cs_test");
    const session: CheckoutSession = {
      id,
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_subtotal: total,
      amount_total: total,
      currency: currency!,
      url: `${this.options.publicBaseUrl}${PAGE_PREFIX}/checkout/${id}`,
      success_url: successUrl,
      cancel_url: optionalString(params, "cancel_url"),
      expires_at: expiresAt,
      created: nowSeconds(),
      client_reference_id: optionalString(params, "client_reference_id"),
      customer_email: optionalString(params, "customer_email"),
      metadata: metadataOf(params),
      payment_intent: null,
      line_items_summary: summary,
      payment_intent_data: {
        transfer_group: optionalString(intentData, "transfer_group"),
        metadata: metadataOf(intentData),
      },
    };
    this.sessions.set(id, session);
    return session;
  }

  private expireSession(id: string, cause: "api" | "timeout"): CheckoutSession {
    const session = this.find(this.sessions, id, "checkout.session");
    if (session.status !== "open") {
      if (cause === "timeout") return session;
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      );
    }
    session.status = "expired";
    session.url = null;
    this.emit("checkout.session.expired", session);
    return session;
  }

  private expireDueSessions() {
    const now = nowSeconds();
    for (const session of this.sessions.values())
      if (session.status === "open" && session.expires_at <= now) this.expireSession(session.id, "timeout");
  }

  private createTransfer(params: Params): Transfer {
    const amount = requiredInteger(params, "amount", "amount", 1);
    const currency = requiredString(params, "currency").toLowerCase();
    const destination = this.find(this.accounts, requiredString(params, "destination"), "account");
    if (destination.capabilities.transfers !== "active") {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
        { param: "destination" },
      );
    }
    const sourceTransaction = optionalString(params, "source_transaction");
    if (sourceTransaction) {
      const charge = this.find(this.charges, sourceTransaction, "charge");
      const alreadyTransferred = [...this.transfers.values()]
        .filter((transfer) => transfer.source_transaction === charge.id)
        .reduce((sum, transfer) => sum + transfer.amount - transfer.amount_reversed, 0);
      const available = charge.amount - charge.amount_refunded - alreadyTransferred;
      if (amount > available) {
        throw new StripeApiError(
          400,
          "invalid_request_error",
          `Insufficient funds from source_transaction ${charge.id}: ${available} available, ${amount} requested.`,
          { param: "amount", code: "balance_insufficient" },
        );
      }
    }
    const transfer: Transfer = {
      id: newStripeId("tr"),
      object: "transfer",
      amount,
      amount_reversed: 0,
      currency,
      destination: destination.id,
      transfer_group: optionalString(params, "transfer_group"),
      source_transaction: sourceTransaction,
      reversed: false,
      metadata: metadataOf(params),
      created: nowSeconds(),
      reversals: { object: "list", data: [], has_more: false, url: "" },
    };
    transfer.reversals.url = `/v1/transfers/${transfer.id}/reversals`;
    this.transfers.set(transfer.id, transfer);
    this.emit("transfer.created", transfer);
    return transfer;
  }

  private createReversal(transferId: string, params: Params): TransferReversal {
    const transfer = this.find(this.transfers, transferId, "transfer");
    const remaining = transfer.amount - transfer.amount_reversed;
    const amount = optionalInteger(params, "amount", "amount", 1) ?? remaining;
    if (amount > remaining) {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `You cannot reverse more than the remaining ${remaining} of this transfer.`,
        { param: "amount" },
      );
    }
    const reversal: TransferReversal = {
      id: newStripeId("trr"),
      object: "transfer_reversal",
      amount,
      currency: transfer.currency,
      transfer: transfer.id,
      metadata: metadataOf(params),
      created: nowSeconds(),
    };
    transfer.amount_reversed += amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    transfer.reversals.data.push(reversal);
    this.emit("transfer.reversed", transfer);
    return reversal;
  }

  private createRefund(params: Params): Refund {
    const chargeId = optionalString(params, "charge");
    const intentId = optionalString(params, "payment_intent");
    if (!chargeId && !intentId) {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        "One of the following params should be provided for this request: payment_intent or charge.",
        { code: "parameter_missing" },
      );
    }
    const charge = chargeId
      ? this.find(this.charges, chargeId, "charge")
      : this.find(
          this.charges,
          this.find(this.paymentIntents, intentId!, "payment_intent").latest_charge ?? "",
          "charge",
        );
    const remaining = charge.amount - charge.amount_refunded;
    const amount = optionalInteger(params, "amount", "amount", 1) ?? remaining;
    if (amount > remaining) {
      throw new StripeApiError(
        400,
        "invalid_request_error",
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
        { param: "amount" },
      );
    }
    const refund: Refund = {
      id: newStripeId("re"),
      object: "refund",
      amount,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      currency: charge.currency,
      status: "succeeded",
      reason: optionalString(params, "reason"),
      metadata: metadataOf(params),
      created: nowSeconds(),
    };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.refunds.set(refund.id, refund);
    this.emit("charge.refunded", charge);
    return refund;
  }

  // ---------------------------------------------------------------- hosted pages

  private async handlePage(req: IncomingMessage, res: ServerResponse, path: string, body: string) {
    const [kind, id] = path.split("/").filter(Boolean);
    if (kind === "checkout" && id) return this.checkoutPage(req, res, id, body);
    if (kind === "onboarding" && id) return this.onboardingPage(req, res, id);
    return sendHtml(res, 404, messagePage("Not found", "This stand-in page does not exist."));
  }

  private checkoutPage(req: IncomingMessage, res: ServerResponse, id: string, body: string) {
    const session = this.sessions.get(id);
    if (!session) return sendHtml(res, 404, messagePage("Checkout not found", "This checkout link is not valid."));
    if (session.status !== "open") {
      return sendHtml(
        res,
        410,
        messagePage(
          "Checkout closed",
          session.status === "complete"
            ? "This checkout was already paid."
            : "This checkout expired. Go back to the shop and start again.",
        ),
      );
    }
    if (req.method !== "POST") return sendHtml(res, 200, checkoutPage(session, null));

    const form = qs.parse(body) as Params;
    const card = String(form.cardNumber ?? "").replace(/\D/g, "");
    if (card !== TEST_CARDS.succeeds && card !== TEST_CARDS.declined && card !== TEST_CARDS.succeedsThenDisputed) {
      return sendHtml(
        res,
        400,
        checkoutPage(
          session,
          "Use a test card: 4242 4242 4242 4242 (succeeds), 4000 0000 0000 0002 (declined) or 4000 0000 0000 0259 (succeeds, then disputed).",
        ),
      );
    }
    const intent = this.intentFor(session);
    if (card === TEST_CARDS.declined) {
      intent.status = "requires_payment_method";
      intent.last_payment_error = {
        code: "card_declined",
        decline_code: "generic_decline",
        message: "Your card was declined.",
      };
      this.emit("payment_intent.payment_failed", intent);
      return sendHtml(res, 402, checkoutPage(session, "Your card was declined. Try another card."));
    }
    const charge: Charge = {
      id: newStripeId("ch"),
      object: "charge",
      amount: session.amount_total,
      amount_refunded: 0,
      currency: session.currency,
      paid: true,
      refunded: false,
      status: "succeeded",
      disputed: false,
      payment_intent: intent.id,
      transfer_group: intent.transfer_group,
      metadata: intent.metadata,
      created: nowSeconds(),
    };
    this.charges.set(charge.id, charge);
    intent.status = "succeeded";
    intent.latest_charge = charge.id;
    intent.last_payment_error = null;
    session.status = "complete";
    session.payment_status = "paid";
    session.url = null;
    this.emit("payment_intent.succeeded", intent);
    this.emit("checkout.session.completed", session);
    if (card === TEST_CARDS.succeedsThenDisputed) {
      charge.disputed = true;
      const dispute: Dispute = {
        id: newStripeId("dp"),
        object: "dispute",
        amount: charge.amount,
        currency: charge.currency,
        charge: charge.id,
        payment_intent: intent.id,
        reason: "fraudulent",
        status: "needs_response",
        evidence_details: { due_by: nowSeconds() + 7 * 24 * 3600 },
        created: nowSeconds(),
      };
      this.disputes.set(dispute.id, dispute);
      this.emit("charge.dispute.created", dispute);
    }
    return redirect(res, session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id));
  }

  private intentFor(session: CheckoutSession): PaymentIntent {
    if (session.payment_intent) return this.paymentIntents.get(session.payment_intent)!;
    const intent: PaymentIntent = {
      id: newStripeId("pi"),
      object: "payment_intent",
      amount: session.amount_total,
      currency: session.currency,
      status: "requires_payment_method",
      latest_charge: null,
      transfer_group: session.payment_intent_data.transfer_group,
      metadata: { ...session.payment_intent_data.metadata },
      created: nowSeconds(),
      last_payment_error: null,
    };
    this.paymentIntents.set(intent.id, intent);
    session.payment_intent = intent.id;
    return intent;
  }

  private onboardingPage(req: IncomingMessage, res: ServerResponse, token: string) {
    const link = this.accountLinks.get(token);
    if (!link) return sendHtml(res, 404, messagePage("Link not valid", "This onboarding link does not exist."));
    // Account links are single-use and short-lived; Stripe sends the member to refresh_url for a new one.
    if (link.used || link.expiresAt < nowSeconds()) return redirect(res, link.refreshUrl);
    const account = this.accounts.get(link.account)!;
    if (req.method !== "POST") return sendHtml(res, 200, onboardingPage(account));
    link.used = true;
    account.details_submitted = true;
    account.charges_enabled = true;
    account.payouts_enabled = true;
    account.capabilities.transfers = "active";
    this.emit("account.updated", account);
    return redirect(res, link.returnUrl);
  }

  // ---------------------------------------------------------------- webhooks

  /** Records an event and delivers it (or holds it while deliveries are paused). */
  emit(type: string, object: unknown): StripeEvent {
    const event: StripeEvent = {
      id: newStripeId("evt"),
      object: "event",
      type,
      api_version: STAND_IN_API_VERSION,
      created: nowSeconds(),
      livemode: false,
      data: { object: structuredClone(object) },
    };
    this.events.push({ event, attempts: 0, delivered: false, lastStatus: null });
    if (this.held) this.held.push(event);
    else void this.deliver(event, 0);
    return event;
  }

  /** Stripe's signature scheme: t=<unix seconds>,v1=HMAC-SHA256(secret, "<t>.<payload>"). */
  signatureHeader(payload: string, timestamp = nowSeconds()): string {
    const signature = createHmac("sha256", this.options.webhookSecret).update(`${timestamp}.${payload}`).digest("hex");
    return `t=${timestamp},v1=${signature}`;
  }

  private async deliver(event: StripeEvent, attempt: number): Promise<void> {
    const record = this.events.find((candidate) => candidate.event.id === event.id);
    if (!this.webhookUrl) return;
    const payload = JSON.stringify(event, null, 2);
    let status: number | null = null;
    try {
      const response = await fetch(this.webhookUrl, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Stripe-Signature": this.signatureHeader(payload),
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) stand-in",
        },
        body: payload,
      });
      status = response.status;
      await response.arrayBuffer();
    } catch {
      status = null;
    }
    if (record) {
      record.attempts += 1;
      record.lastStatus = status;
      if (status !== null && status >= 200 && status < 300) record.delivered = true;
    }
    if (status !== null && status >= 200 && status < 300) return;
    const delays = this.options.retryDelaysMs ?? [500, 1000, 2000, 4000, 8000, 16000];
    const delay = delays[attempt];
    if (delay === undefined) {
      this.options.log?.("webhook delivery gave up", { event: event.id, type: event.type, status });
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(event, attempt + 1);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  /** Test controls: hold deliveries, then release them reordered and/or duplicated. */
  pauseDeliveries() {
    this.held ??= [];
  }

  async releaseDeliveries(options: { order?: "original" | "reverse"; copies?: number } = {}) {
    const held = this.held ?? [];
    this.held = null;
    const ordered = options.order === "reverse" ? [...held].reverse() : held;
    for (const event of ordered) for (let copy = 0; copy < (options.copies ?? 1); copy++) await this.deliver(event, 99);
  }

  async resend(eventId: string) {
    const record = this.events.find((candidate) => candidate.event.id === eventId);
    if (!record) throw new StripeApiError(404, "invalid_request_error", `No such event: '${eventId}'`);
    await this.deliver(record.event, 99);
  }

  private async handleControl(req: IncomingMessage, res: ServerResponse, path: string, body: string) {
    const params = qs.parse(body) as Params;
    if (req.method === "GET" && path === "/_stand-in/events") {
      return sendJson(
        res,
        200,
        this.events.map(({ event, attempts, delivered, lastStatus }) => ({
          id: event.id,
          type: event.type,
          attempts,
          delivered,
          lastStatus,
        })),
      );
    }
    if (req.method === "POST" && path === "/_stand-in/webhooks/pause") {
      this.pauseDeliveries();
      return sendJson(res, 200, { paused: true });
    }
    if (req.method === "POST" && path === "/_stand-in/webhooks/release") {
      await this.releaseDeliveries({
        order: params.order === "reverse" ? "reverse" : "original",
        copies: Number(params.copies ?? 1) || 1,
      });
      return sendJson(res, 200, { released: true });
    }
    const resend = /^\/_stand-in\/events\/([\w]+)\/resend$/.exec(path);
    if (req.method === "POST" && resend) {
      await this.resend(resend[1]!);
      return sendJson(res, 200, { resent: resend[1] });
    }
    return sendJson(res, 404, { error: { type: "invalid_request_error", message: "Unknown stand-in control." } });
  }
}

// ---------------------------------------------------------------- helpers

type Params = Record<string, unknown>;

function requiredString(params: Params, name: string, label = name): string {
  const value = params[name];
  if (typeof value !== "string" || value === "") {
    throw new StripeApiError(400, "invalid_request_error", `Missing required param: ${label}.`, {
      code: "parameter_missing",
      param: label,
    });
  }
  return value;
}

function optionalString(params: Params, name: string): string | null {
  const value = params[name];
  return typeof value === "string" && value !== "" ? value : null;
}

function requiredInteger(params: Params, name: string, label: string, min: number): number {
  const value = optionalInteger(params, name, label, min);
  if (value === null)
    throw new StripeApiError(400, "invalid_request_error", `Missing required param: ${label}.`, {
      code: "parameter_missing",
      param: label,
    });
  return value;
}

function optionalInteger(params: Params, name: string, label: string, min: number): number | null {
  const raw = params[name];
  if (raw === undefined || raw === "") return null;
  if (typeof raw !== "string" || !/^-?\d+$/.test(raw)) {
    throw new StripeApiError(400, "invalid_request_error", `Invalid integer: ${String(raw)}`, {
      code: "parameter_invalid_integer",
      param: label,
    });
  }
  const value = Number(raw);
  if (value < min)
    throw new StripeApiError(400, "invalid_request_error", `This value must be greater than or equal to ${min}.`, {
      code: "parameter_invalid_integer",
      param: label,
    });
  return value;
}

function metadataOf(params: Params): Metadata {
  const metadata = params.metadata;
  if (!metadata || typeof metadata !== "object") return {};
  return Object.fromEntries(Object.entries(metadata as Params).map(([key, value]) => [key, String(value)]));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown) {
  res.writeHead(status, { "Content-Type": "application/json", "Request-Id": newStripeId("req") });
  res.end(JSON.stringify(payload));
}

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(html);
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { Location: location });
  res.end();
}
