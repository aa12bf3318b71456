/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json", isolatedModules: false }],
  },
  testTimeout: 120000,
  // the MySQL runs share one server: a file at a time keeps them from starving each other
  maxWorkers: process.env.TEST_MYSQL_URL ? 1 : "50%",
  setupFiles: ["<rootDir>/test/support/setup.ts"],
  globalSetup: "<rootDir>/test/support/global-setup.js",
};
