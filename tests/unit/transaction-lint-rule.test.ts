import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function ruleMessages(code: string, filePath = "app/modules/example.server.ts") {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === "no-restricted-syntax").map((m) => m.message);
}

describe("the lint guard on transactions", () => {
  it("forbids db.transaction() and db.connection() outside db/transaction.ts", async () => {
    const messages = await ruleMessages(
      "export async function f(db: any) {\n  await db.transaction().execute(async () => 1);\n  await db.connection().execute(async () => 1);\n}\n",
    );
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/Use transaction\(db, async \(trx\) => …\)/);
  });

  it("allows the transaction() helper", async () => {
    const messages = await ruleMessages(
      'import { transaction } from "~db/transaction";\nexport const f = (db: any) => transaction(db, async (trx) => trx);\n',
    );
    expect(messages).toEqual([]);
  });
});
