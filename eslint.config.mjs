// Lint rules of STYLE.md: type-aware promise checks, strict equality, braces everywhere, no console
// in the server (it logs through the connection), and a core that imports no editor or I/O module.
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
    rules: { "no-console": "error" },
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
