import type { Kysely } from "kysely";
import type { Database } from "~db/schema";

export interface CategoryNode {
  id: string;
  name: string;
  parentId: string | null;
  children: { id: string; name: string }[];
}

export interface CategoryTree {
  roots: CategoryNode[];
  byId: Map<string, { id: string; name: string; parentId: string | null }>;
  /** The category itself plus its children: a search in "Electronics" includes "Phones". */
  withDescendants(id: string): string[];
}

// The tree is seeded by a migration and changes only with one; cache it per database handle.
const cache = new WeakMap<object, Promise<CategoryTree>>();

export function categoryTree(db: Kysely<Database>): Promise<CategoryTree> {
  let tree = cache.get(db);
  if (!tree) {
    tree = loadTree(db);
    cache.set(db, tree);
    tree.catch(() => cache.delete(db));
  }
  return tree;
}

async function loadTree(db: Kysely<Database>): Promise<CategoryTree> {
  const rows = await db
    .selectFrom("categories")
    .select(["id", "name", "parentId"])
    .orderBy("position")
    .orderBy("name")
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const roots: CategoryNode[] = rows
    .filter((row) => row.parentId === null)
    .map((row) => ({
      ...row,
      children: rows.filter((child) => child.parentId === row.id).map(({ id, name }) => ({ id, name })),
    }));
  return {
    roots,
    byId,
    withDescendants: (id) => [id, ...rows.filter((row) => row.parentId === id).map((row) => row.id)],
  };
}
