import { describe, expect, it } from "vitest";
import {
  FORM_BODY_LIMIT,
  PHOTO_FORM_BODY_LIMIT,
  WEBHOOK_BODY_LIMIT,
  bodyLimitFor,
  bodyTypeProblem,
} from "~/lib/body-limits.server";
import { hostAgreement, publicHostRedirect } from "~/lib/public-host.server";
import { requestUrlProblem } from "~/lib/request-url.server";
import { contentSecurityPolicy } from "~/lib/security-headers.server";
import { MAX_PHOTO_BYTES } from "~/modules/listings/photos.server";
import { MAX_PHOTOS } from "~/modules/listings/schemas";

describe("body limits", () => {
  it("derives the photo forms' limit from the photo rules: ten photos of 15 MB plus 1 MB of fields", () => {
    expect(PHOTO_FORM_BODY_LIMIT).toBe(MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024);
  });

  it("allows large multipart bodies only on the four photo routes", () => {
    const multipart = "multipart/form-data; boundary=x";
    for (const path of ["/listings/new", "/listings/abc/edit", "/retailers/new", "/orders/o1/dispute"]) {
      expect(bodyLimitFor(path, multipart)).toBe(PHOTO_FORM_BODY_LIMIT);
      expect(bodyLimitFor(path, "application/x-www-form-urlencoded")).toBe(FORM_BODY_LIMIT);
    }
    expect(bodyLimitFor("/login", multipart)).toBe(FORM_BODY_LIMIT);
    expect(bodyLimitFor("/listings/abc", multipart)).toBe(FORM_BODY_LIMIT);
    expect(bodyLimitFor("/webhooks/stripe", "application/json")).toBe(WEBHOOK_BODY_LIMIT);
  });

  it("accepts only the two HTML form encodings on pages, and JSON on the webhook", () => {
    expect(bodyTypeProblem("/login", "application/x-www-form-urlencoded;charset=UTF-8")).toBeNull();
    expect(bodyTypeProblem("/login", "multipart/form-data; boundary=----WebKitFormBoundaryAbc")).toBeNull();
    expect(bodyTypeProblem("/login", 'multipart/form-data; boundary="quoted value"')).toBeNull();
    expect(bodyTypeProblem("/login", "application/json")?.status).toBe(415);
    expect(bodyTypeProblem("/login", "text/plain")?.status).toBe(415);
    expect(bodyTypeProblem("/login", undefined)?.status).toBe(415);
    expect(bodyTypeProblem("/login", "multipart/form-data")?.status).toBe(400);
    expect(bodyTypeProblem("/webhooks/stripe", "application/json; charset=utf-8")).toBeNull();
  });
});

describe("the URL check", () => {
  it("refuses NUL and other C0 controls in the decoded path or query", () => {
    for (const target of ["/search?q=%00", "/admin/users?q=%00", "/x%07", "/search?q=%1b[31m"]) {
      expect(requestUrlProblem(target)?.status).toBe(400);
    }
  });

  it("lets tab, newline, carriage return and ordinary encodings through", () => {
    for (const target of ["/search?q=a%09b%0A%0D", "/search?q=caf%C3%A9+table", "/listings/abc?photo=2", "/"]) {
      expect(requestUrlProblem(target)).toBeNull();
    }
  });

  it("refuses broken percent-encoding", () => {
    expect(requestUrlProblem("/search?q=%E0%A4%A")?.message).toContain("broken %-encoding");
    expect(requestUrlProblem("/%")?.status).toBe(400);
  });
});

describe("the public host", () => {
  const base = { method: "GET", target: "/orders/1?x=1", publicUrl: "http://localhost:3000", trustProxy: 0 };

  it("redirects a GET addressed to another name to PUBLIC_URL", () => {
    expect(publicHostRedirect({ ...base, hostHeader: "127.0.0.1:3000" })).toBe("http://localhost:3000/orders/1?x=1");
    expect(publicHostRedirect({ ...base, hostHeader: undefined })).toBe("http://localhost:3000/orders/1?x=1");
  });

  it("leaves PUBLIC_URL's host, POSTs, health checks, the stand-in's API and proxied requests alone", () => {
    expect(publicHostRedirect({ ...base, hostHeader: "LOCALHOST:3000" })).toBeNull();
    expect(publicHostRedirect({ ...base, method: "POST", hostHeader: "127.0.0.1:3000" })).toBeNull();
    expect(publicHostRedirect({ ...base, target: "/healthz", hostHeader: "10.0.0.5" })).toBeNull();
    expect(publicHostRedirect({ ...base, target: "/v1/checkout/sessions", hostHeader: "127.0.0.1:3000" })).toBeNull();
    expect(publicHostRedirect({ ...base, trustProxy: 1, hostHeader: "10.0.0.5" })).toBeNull();
  });

  it("treats a default port as no port", () => {
    expect(
      publicHostRedirect({ ...base, publicUrl: "https://stoop.example", hostHeader: "stoop.example:443" }),
    ).toBeNull();
  });
});

describe("Origin and Host agreement (what Remix's own check compares)", () => {
  const post = { method: "POST", origin: "https://stoop.example", forwardedHost: undefined };

  it("agrees when the Origin's host is the Host", () => {
    expect(hostAgreement({ ...post, hostHeader: "stoop.example", trustProxy: 0 })).toEqual({ kind: "agrees" });
    expect(hostAgreement({ ...post, method: "GET", hostHeader: "other", trustProxy: 0 })).toEqual({ kind: "agrees" });
  });

  it("addresses the request to its origin through a trusted proxy", () => {
    expect(hostAgreement({ ...post, hostHeader: "127.0.0.1:3000", trustProxy: 1 })).toEqual({
      kind: "use-host",
      host: "stoop.example",
    });
    expect(hostAgreement({ ...post, hostHeader: "a", forwardedHost: "internal, x", trustProxy: 1 }).kind).toBe(
      "use-host",
    );
  });

  it("refuses a mismatch without a trusted proxy, naming the settings", () => {
    const outcome = hostAgreement({ ...post, hostHeader: "127.0.0.1:3000", trustProxy: 0 });
    expect(outcome.kind).toBe("refuse");
    expect(outcome.kind === "refuse" && outcome.message).toContain("TRUST_PROXY");
  });

  it("fixes only the letter case of the browser's own host", () => {
    expect(hostAgreement({ ...post, hostHeader: "STOOP.example", trustProxy: 0 })).toEqual({
      kind: "use-host",
      host: "stoop.example",
    });
  });
});

describe("the Content-Security-Policy", () => {
  it("allows scripts only from our origin or with the nonce, never inline", () => {
    const policy = contentSecurityPolicy("abc123");
    const scriptSrc = policy.split("; ").find((directive) => directive.startsWith("script-src "));
    expect(scriptSrc).toBe("script-src 'self' 'nonce-abc123'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toMatch(/form-action 'self' https:\/\/checkout\.stripe\.com https:\/\/connect\.stripe\.com/);
  });
});
