// Lint rules of STYLE.md: type-aware promise checks, strict equality, braces everywhere, no console
// in the server (it logs through the connection), a core that imports no editor or I/O module, and
// no getters in object literals (V8 builds such an object as a hash table; see withRange).
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      "out/**",
      ".e2e-cache/**",
      "test-results/**",
      "**/*.js",
      "**/*.mjs",
      ".vscode-test/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      eqeqeq: ["error", "always"],
      curly: ["error", "all"],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["server/src/**/*.ts"],
    rules: {
      "no-console": "error",
      "no-restricted-syntax": [
        "error",
        {
          selector: "ObjectExpression > Property[kind=/^(get|set)$/]",
          message:
            "An object literal with an accessor is a dictionary-mode object in V8 (slow reads, ~450 bytes of table): put the accessor on a class (see withRange in config/lineEntries.ts).",
        },
      ],
    },
  },
  {
    files: ["server/src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            "vscode",
            "vscode-languageserver",
            "vscode-languageserver/node",
            "vscode-languageserver-textdocument",
            "fs",
            "node:fs",
            "child_process",
            "node:child_process",
            "path",
            "node:path",
          ],
          patterns: [
            "vscode-languageserver/*",
            "vscode-languageclient*",
            "../lsp/*",
            "../../lsp/*",
            "../cli/*",
            "../../cli/*",
          ],
        },
      ],
    },
  },
);
