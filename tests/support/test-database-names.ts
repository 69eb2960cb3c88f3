/** Names the integration harness gives the databases it creates, so leftovers can be found and dropped. */
export const TEST_DATABASE_PREFIX = "stoop_t_";

export function withDatabase(testDatabaseUrl: string, database: string): string {
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function randomSuffix(): string {
  return `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
