/** The Wanted forms' limits and the expiry rule's numbers (browser-safe: no zod). */
export const WANTED_TITLE_MAX = 120;
export const WANTED_DETAILS_MAX = 2000;
export const WANTED_ANSWER_MAX = 2000;
export const WANTED_DEFAULT_RADIUS_KM = 10;
/** How long a request stays listed after it is posted or renewed. */
export const WANTED_LIFETIME_DAYS = 30;
/** The requester hears this many days before a request stops listing. */
export const WANTED_EXPIRY_NOTICE_DAYS = 3;
