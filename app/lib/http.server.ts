import { json } from "@remix-run/node";
import {
  Conflict,
  DomainError,
  Forbidden,
  InvalidInput,
  InvalidTransition,
  NotFound,
  RateLimited,
  Unavailable,
} from "./errors";
import type { Logger } from "./logger.server";
import type { FieldErrors } from "./forms";

export interface ActionFailure {
  ok: false;
  formError: string | null;
  fieldErrors: FieldErrors;
  values: Record<string, string>;
}

/** The one place domain errors become HTTP statuses. */
export function statusFor(error: DomainError): number {
  if (error instanceof InvalidInput) return 400;
  if (error instanceof NotFound) return 404;
  if (error instanceof Forbidden) return 403;
  if (error instanceof Conflict || error instanceof InvalidTransition) return 409;
  if (error instanceof RateLimited) return 429;
  if (error instanceof Unavailable) return 503;
  return 400;
}

/**
 * For actions: a domain error becomes the form's error message (with what the user typed); anything
 * else is rethrown. `extra` rides along for a page with several forms (which one failed).
 */
export function formFailure<Extra extends object = object>(
  error: unknown,
  values: Record<string, string>,
  extra?: Extra,
) {
  if (!(error instanceof DomainError)) throw error;
  const headers: HeadersInit = error instanceof RateLimited ? { "Retry-After": String(error.retryAfterSeconds) } : {};
  const fieldErrors = error instanceof InvalidInput ? error.fieldErrors : {};
  const formError = Object.keys(fieldErrors).length > 0 ? null : error.message;
  return json<ActionFailure & Extra>(
    { ok: false, formError, fieldErrors, values, ...(extra as Extra) },
    { status: statusFor(error), headers },
  );
}

export function invalidForm(result: {
  fieldErrors: FieldErrors;
  formError: string | null;
  values: Record<string, string>;
}) {
  return json<ActionFailure>(
    { ok: false, formError: result.formError, fieldErrors: result.fieldErrors, values: result.values },
    { status: 400 },
  );
}

/**
 * A dependency that is down answers 503 through formFailure/orErrorResponse like any domain
 * error; this writes its one log line with the cause (routes call it in the same catch).
 */
export function logUnavailable(logger: Logger, error: unknown): void {
  if (error instanceof Unavailable)
    logger.error({ err: error.cause, service: error.service }, `${error.service} unavailable`);
}

/** For loaders: a domain error becomes an error response the nearest ErrorBoundary shows. */
export async function orErrorResponse<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.message, { status: statusFor(error) });
    throw error;
  }
}
