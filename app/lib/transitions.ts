import { Forbidden, InvalidTransition } from "./errors";

/**
 * The one check behind every state machine (listings, orders, offers, service jobs, disputes).
 * Each machine keeps its own table, wording and event rows; this only decides whether `role` may
 * make `event` happen from the subject's status, and how to say no.
 */

export interface TransitionRule<S extends string, R extends string> {
  from: readonly S[];
  to: S;
  by: readonly R[];
}

export interface StateMachine<
  E extends string,
  S extends string,
  R extends string,
  Subject extends { status: S } = { status: S },
  Rule extends TransitionRule<S, R> = TransitionRule<S, R>,
> {
  /** Per event, one rule, or several when who may act depends on the state (offers). */
  rules: Record<E, Rule | readonly Rule[]>;
  /** "You can't …": the refusal when someone else could make this move from here. */
  notAllowed(event: E, subject: Subject): string;
  /** The refusal when nobody could make this move from the subject's status. */
  wrongState(event: E, subject: Subject): string;
  /** A machine's extra condition on a matching rule (an order's delivery, a job's kind): a refusal or null. */
  guard?(rule: Rule, subject: Subject, event: E): string | null;
}

export type TransitionCheck<S extends string> =
  { ok: true; to: S } | { ok: false; reason: "not-allowed" | "wrong-state"; message: string };

/**
 * Whether one role may make the move. Someone else could do it from here: "not-allowed" (the
 * wrong person); nobody could: "wrong-state".
 */
export function transitionCheck<E extends string, S extends string, R extends string, Subject extends { status: S }>(
  machine: StateMachine<E, S, R, Subject, TransitionRule<S, R>>,
  event: E,
  subject: Subject,
  role: R,
): TransitionCheck<S> {
  const entry = machine.rules[event];
  const rules: readonly TransitionRule<S, R>[] = Array.isArray(entry) ? entry : [entry as TransitionRule<S, R>];
  const fromHere = rules.filter((rule) => rule.from.includes(subject.status));
  const rule = fromHere.find((candidate) => candidate.by.includes(role));
  if (rule) {
    const refusal = machine.guard?.(rule, subject, event) ?? null;
    if (refusal) return { ok: false, reason: "wrong-state", message: refusal };
    return { ok: true, to: rule.to };
  }
  if (fromHere.length) return { ok: false, reason: "not-allowed", message: machine.notAllowed(event, subject) };
  return { ok: false, reason: "wrong-state", message: machine.wrongState(event, subject) };
}

/**
 * For a module's transition function: the actor may hold several roles (the seller who is also an
 * admin). Returns the new status, or throws InvalidTransition (a wrong state is the more useful
 * answer when any role got that far) or Forbidden (the wrong person).
 */
export function checkTransition<E extends string, S extends string, R extends string, Subject extends { status: S }>(
  machine: StateMachine<E, S, R, Subject, TransitionRule<S, R>>,
  event: E,
  subject: Subject,
  roles: readonly R[],
): S {
  const checks = roles.map((role) => transitionCheck(machine, event, subject, role));
  const allowed = checks.find((check) => check.ok);
  if (allowed?.ok) return allowed.to;
  const failure = checks.find((check) => !check.ok && check.reason === "wrong-state") ?? checks[0];
  if (!failure || failure.ok) throw new Forbidden(machine.notAllowed(event, subject));
  if (failure.reason === "not-allowed") throw new Forbidden(failure.message);
  throw new InvalidTransition(failure.message);
}
