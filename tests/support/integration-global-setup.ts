import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createPGlite, openPostgres, wrapPGlite } from "~db/index";
import { prepareDatabase } from "~db/migrate";
import { TEST_DATABASE_PREFIX, randomSuffix, withDatabase } from "./test-database-names";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { kind: "postgres"; url: string; template: string } | { kind: "pglite"; dumpPath: string };
  }
}

/**
 * Migrates one template per run. PostgreSQL: a template database that each test file clones with
 * CREATE DATABASE … TEMPLATE. PGlite: a dumped data directory that each test file loads.
 */
export default async function setup(project: TestProject) {
  const testDatabaseUrl = process.env.TEST_DATABASE_URL;
  if (testDatabaseUrl) {
    const template = `${TEST_DATABASE_PREFIX}template_${randomSuffix()}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`create database "${template}"`);
    const handle = openPostgres(withDatabase(testDatabaseUrl, template), { maxConnections: 1 });
    await prepareDatabase(handle.db);
    await handle.close();
    await admin.end();
    project.provide("testDatabase", { kind: "postgres", url: testDatabaseUrl, template });
    return async () => {
      const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists "${template}"`);
      await cleanup.end();
    };
  }

  const pglite = await createPGlite(undefined);
  const handle = wrapPGlite(pglite);
  await prepareDatabase(handle.db);
  const dump = await pglite.dumpDataDir("none");
  await handle.close();
  await pglite.close();
  const directory = path.resolve("tests/.tmp");
  await fs.mkdir(directory, { recursive: true });
  const dumpPath = path.join(directory, `pglite-template-${randomSuffix()}.tar`);
  await fs.writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide("testDatabase", { kind: "pglite", dumpPath });
  return async () => {
    await fs.rm(dumpPath, { force: true });
  };
}
