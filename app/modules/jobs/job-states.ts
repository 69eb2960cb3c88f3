/** pg-boss's job states, in lifecycle order (shared with the admin page, so not a .server module). */
export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];
