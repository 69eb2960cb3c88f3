import type { Account, CheckoutSession } from "./objects";

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Stripe stand-in</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f6f9fc;color:#1a1f36}
main{max-width:30rem;margin:0 auto;padding:1.5rem}
.banner{background:#fff3cd;color:#5c4400;padding:.6rem 1rem;text-align:center;font-weight:600}
.card{background:#fff;border:1px solid #d8dee4;border-radius:10px;padding:1.25rem;margin-top:1rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input{font:inherit;width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #8792a2;border-radius:8px}
button{font:inherit;font-weight:600;width:100%;margin-top:1rem;padding:.7rem;border:0;border-radius:8px;background:#533afd;color:#fff;cursor:pointer}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}
.error{border:2px solid #b3261e;background:#fdecea;color:#5f1410;padding:.6rem;border-radius:8px}
table{width:100%;border-collapse:collapse}td{padding:.3rem 0}td:last-child{text-align:right}
small{color:#4f566b}
</style></head>
<body><div class="banner" role="note">Test payments: this is Stoop's local Stripe stand-in. No real money moves.</div>
<main>${body}</main></body></html>`;
}

export function checkoutPage(session: CheckoutSession, error: string | null): string {
  const rows = session.line_items_summary
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.name)}${item.quantity > 1 ? ` × ${item.quantity}` : ""}</td><td>${money(item.amount * item.quantity, session.currency)}</td></tr>`,
    )
    .join("");
  return layout(
    "Pay",
    `<h1>Pay ${money(session.amount_total, session.currency)}</h1>
<div class="card"><table aria-label="Order summary">${rows}<tr><td><strong>Total</strong></td><td><strong>${money(session.amount_total, session.currency)}</strong></td></tr></table></div>
<form method="post" class="card" novalidate>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" value="${escapeHtml(session.customer_email ?? "")}">
<label for="cardNumber">Card number</label><input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" aria-describedby="card-hint">
<small id="card-hint">Test cards: 4242 4242 4242 4242 succeeds · 4000 0000 0000 0002 is declined · 4000 0000 0000 0259 succeeds, then is disputed.</small>
<label for="expiry">Expiry (MM / YY)</label><input id="expiry" name="expiry" autocomplete="cc-exp" placeholder="12 / 34">
<label for="cvc">CVC</label><input id="cvc" name="cvc" autocomplete="cc-csc" placeholder="123">
<button type="submit">Pay ${money(session.amount_total, session.currency)}</button>
</form>
${session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>` : ""}`,
  );
}

export function onboardingPage(account: Account): string {
  return layout(
    "Set up payouts",
    `<h1>Set up payouts for Stoop</h1>
<form method="post" class="card">
<p>Stoop uses Stripe to pay you. In test mode no identity documents are needed: submit to finish onboarding account <code>${escapeHtml(account.id)}</code>.</p>
<label for="name">Legal name</label><input id="name" name="name" autocomplete="name" value="Test Seller">
<label for="iban">Bank account (test)</label><input id="iban" name="iban" value="000123456789">
<button type="submit">Agree and submit</button>
</form>`,
  );
}

export function messagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><div class="card"><p>${escapeHtml(message)}</p></div>`);
}
