export interface EmailContent {
  subject: string;
  body: string;
  /** Absolute URL of the thing the email is about, if any. */
  actionUrl: string | null;
  /** The button's words; "Open on Stoop" when unset. */
  actionLabel?: string;
  /**
   * For preference-driven notifications: why the member gets it and how to stop it. Account
   * emails (verification, password reset) have none: they cannot be turned off.
   */
  footer: { unsubscribeUrl: string; settingsUrl: string; kindLabel: string } | null;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

/** Every email in two bodies: HTML for mail apps, plain text for everyone else. */
export function renderEmail(content: EmailContent): { html: string; text: string } {
  const label = content.actionLabel ?? "Open on Stoop";
  const footer = content.footer;
  const text = [
    content.body,
    content.actionUrl ? `\n${label}: ${content.actionUrl}` : "",
    ...(footer
      ? [
          "\n--",
          `You get this email for "${footer.kindLabel}".`,
          `Unsubscribe from these emails: ${footer.unsubscribeUrl}`,
          `Choose what Stoop sends you: ${footer.settingsUrl}`,
        ]
      : ["\n--", "Stoop sends this email because of something done with your account; it cannot be turned off."]),
  ]
    .filter(Boolean)
    .join("\n");

  const button = content.actionUrl
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.actionUrl)}" style="background:#7c3214;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:600">${escapeHtml(label)}</a></p>`
    : "";
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;background:#fffdf8;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328">
<div style="max-width:560px;margin:0 auto;padding:24px">
<p style="font-weight:800;font-size:20px;color:#7c3214;margin:0 0 16px">Stoop</p>
<h1 style="font-size:20px;margin:0 0 12px">${escapeHtml(content.subject)}</h1>
<p style="line-height:1.5;margin:0;white-space:pre-line">${escapeHtml(content.body)}</p>
${button}
<hr style="border:none;border-top:1px solid #d8d4ca;margin:24px 0">
${
  footer
    ? `<p style="font-size:13px;color:#57606a;line-height:1.5">You get this email for “${escapeHtml(footer.kindLabel)}”.
<a href="${escapeHtml(footer.unsubscribeUrl)}" style="color:#7c3214">Unsubscribe from these emails</a> ·
<a href="${escapeHtml(footer.settingsUrl)}" style="color:#7c3214">Choose what Stoop sends you</a></p>`
    : `<p style="font-size:13px;color:#57606a;line-height:1.5">Stoop sends this email because of something done with your account; it cannot be turned off.</p>`
}
</div></body></html>`;
  return { html, text };
}
