/**
 * PostgreSQL refuses NUL in text (error 22021) and no page means a control character, so a URL
 * whose path or query decodes to one is refused here, once, instead of failing as a 500 in
 * whichever query meets it first. Tab, newline and carriage return stay allowed: a pasted
 * search can carry them and they are harmless.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

export type UrlProblem = { status: 400; message: string } | null;

/** Checks a request target (`/path?query`) as it arrived. */
export function requestUrlProblem(target: string): UrlProblem {
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = queryStart === -1 ? "" : target.slice(queryStart + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path) + decodeURIComponent(query.replace(/\+/g, " "));
  } catch {
    return {
      status: 400,
      message: "This address is garbled (it has a broken %-encoding). Check the link, or search again from Stoop.",
    };
  }
  if (CONTROL_CHARACTERS.test(decoded)) {
    return {
      status: 400,
      message: "This address contains control characters (such as %00), which Stoop cannot look up.",
    };
  }
  return null;
}
