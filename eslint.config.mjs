// Lint: typescript-eslint's recommended rules with type information, plus what tests rarely
// catch: a promise nobody awaits (its failure goes unseen), an import cycle, and a package
// imported without being declared (it works until an install no longer hoists it there).
import path from "node:path";
import js from "@eslint/js";
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "data/**",
      "coverage/**",
      "scratch/**",
      "node_modules/**",
      "bench/node_modules/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: {
        project: ["./tsconfig.test.json", "./bench/tsconfig.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { arguments: false } },
      ],
      "import-x/no-cycle": "error",
      // what the system runs on is a dependency; tests and the soak may use devDependencies too
      "import-x/no-extraneous-dependencies": [
        "error",
        {
          devDependencies: ["test/**", "scripts/soak/**"],
          optionalDependencies: false,
          includeTypes: true,
        },
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // type-graphql and TypeORM take classes and functions as values: `Function` is their type
      "@typescript-eslint/no-unsafe-function-type": "off",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // clients of the graph reading answers of any shape
    files: ["test/**/*.ts", "bench/**/*.ts", "scripts/soak/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // the bench loads its peers (bench/node_modules) and compiled trees by path at run time
    files: ["bench/**/*.ts"],
    rules: {
      // its peers (Hive Gateway, Grafbase, autocannon) are declared in bench/package.json
      "import-x/no-extraneous-dependencies": [
        "error",
        {
          packageDir: [import.meta.dirname, path.join(import.meta.dirname, "bench")],
          includeTypes: true,
        },
      ],
      "@typescript-eslint/consistent-type-imports": "off",
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        process: "readonly",
        console: "readonly",
      },
    },
  },
);
