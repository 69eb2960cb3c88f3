import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      "data/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "tests/.tmp/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-syntax": [
        "error",
        {
          // Transactions go through db/transaction.ts, whose guard turns a stray `db` call
          // inside the callback into an error instead of a hang on PGlite.
          selector: "CallExpression[callee.property.name='transaction'][arguments.length=0]",
          message: "Use transaction(db, async (trx) => …) from ~db/transaction instead of db.transaction().",
        },
        {
          // Like a transaction, db.connection() holds PGlite's one connection for its whole callback.
          selector: "CallExpression[callee.property.name='connection'][arguments.length=0]",
          message: "Avoid db.connection(): it pins PGlite's single connection; use transaction() or plain queries.",
        },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration from app/lib/env.server.ts (loadConfig)." },
      ],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["db/transaction.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // The files that legitimately read the environment: the config parser and the test/CI harness.
    files: ["app/lib/env.server.ts", "tests/**", "playwright.config.ts", "vitest.config.ts", "scripts/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
