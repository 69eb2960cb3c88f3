import { describe, expect, it } from "vitest";
import { Forbidden, InvalidTransition } from "~/lib/errors";
import { checkTransition, transitionCheck, type StateMachine, type TransitionRule } from "~/lib/transitions";

type Status = "draft" | "open" | "closed";
type Role = "author" | "moderator";
type Event = "open" | "close" | "reopen";
type Subject = { status: Status; locked?: boolean };

const machine: StateMachine<Event, Status, Role, Subject, TransitionRule<Status, Role>> = {
  rules: {
    open: { from: ["draft"], to: "open", by: ["author"] },
    // Who may close depends on the state: the author a draft, a moderator an open one.
    close: [
      { from: ["draft"], to: "closed", by: ["author"] },
      { from: ["open"], to: "closed", by: ["moderator"] },
    ],
    reopen: { from: ["closed"], to: "open", by: ["moderator"] },
  },
  notAllowed: (event) => `You can't ${event} this.`,
  wrongState: (event, subject) => `A ${subject.status} thing can't be ${event}ed.`,
  guard: (_rule, subject) => (subject.locked ? "It is locked." : null),
};

describe("transitionCheck", () => {
  it("allows a listed move by a listed role and names the new status", () => {
    expect(transitionCheck(machine, "open", { status: "draft" }, "author")).toEqual({ ok: true, to: "open" });
    expect(transitionCheck(machine, "close", { status: "open" }, "moderator")).toEqual({ ok: true, to: "closed" });
  });

  it("says not-allowed when someone else could make the move from this state", () => {
    expect(transitionCheck(machine, "open", { status: "draft" }, "moderator")).toEqual({
      ok: false,
      reason: "not-allowed",
      message: "You can't open this.",
    });
    // The author may close a draft, but not an open thing: only a moderator may.
    expect(transitionCheck(machine, "close", { status: "open" }, "author")).toMatchObject({ reason: "not-allowed" });
  });

  it("says wrong-state when nobody could make the move from this state", () => {
    expect(transitionCheck(machine, "open", { status: "closed" }, "author")).toEqual({
      ok: false,
      reason: "wrong-state",
      message: "A closed thing can't be opened.",
    });
    expect(transitionCheck(machine, "reopen", { status: "open" }, "author")).toMatchObject({ reason: "wrong-state" });
  });

  it("refuses a matching move that the machine's guard rejects, with the guard's words", () => {
    expect(transitionCheck(machine, "open", { status: "draft", locked: true }, "author")).toEqual({
      ok: false,
      reason: "wrong-state",
      message: "It is locked.",
    });
  });
});

describe("checkTransition", () => {
  it("returns the new status when any of the actor's roles may move", () => {
    expect(checkTransition(machine, "close", { status: "open" }, ["author", "moderator"])).toBe("closed");
  });

  it("throws Forbidden for the wrong person", () => {
    expect(() => checkTransition(machine, "reopen", { status: "closed" }, ["author"])).toThrow(Forbidden);
    expect(() => checkTransition(machine, "open", { status: "draft" }, [])).toThrow(Forbidden);
  });

  it("throws InvalidTransition for the wrong state, even when another role was the wrong person", () => {
    expect(() => checkTransition(machine, "open", { status: "closed" }, ["author"])).toThrow(InvalidTransition);
    expect(() => checkTransition(machine, "open", { status: "draft", locked: true }, ["moderator", "author"])).toThrow(
      "It is locked.",
    );
  });
});
