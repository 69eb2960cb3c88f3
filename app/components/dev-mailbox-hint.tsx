import { Link } from "@remix-run/react";

/** For a local install without SMTP: the email went to the development mailbox, not to a real inbox. */
export function DevMailboxHint() {
  return (
    <p className="notice">
      This Stoop has no mail server (<code>SMTP_URL</code> is unset), so nothing is really sent: read the email in the{" "}
      <Link to="/dev/mailbox">development mailbox</Link>.
    </p>
  );
}
