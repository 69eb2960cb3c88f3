/**
 * Typed domain errors. Modules throw these; app/lib/http.server.ts (`statusFor`) is the one
 * place that maps them to HTTP status codes, so users never see a stack trace.
 */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {}
export class Forbidden extends DomainError {}
export class Conflict extends DomainError {}
export class InvalidTransition extends DomainError {}

export class RateLimited extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Bad input that a form can show next to its fields. */
export class InvalidInput extends DomainError {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
  }
}

/**
 * Something Stoop depends on (photo storage) can't be reached or refused: a 503, never a 500.
 * The message is for the member; `cause` (the SDK's error) is for the log, which the route writes
 * once with `logUnavailable` (app/lib/http.server.ts).
 */
export class Unavailable extends DomainError {
  constructor(
    message: string,
    readonly service: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}
