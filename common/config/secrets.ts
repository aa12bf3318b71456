import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "./config";

const MIN_SECRET_LENGTH = 32;

/**
 * Fills in the secrets a development run needs and checks those production needs.
 * Development: a missing secret is generated once into `<dataDir>/.secrets/` (mode 600), so
 * the parts of one checkout started as separate processes share it and no secret is a known
 * constant. Production: nothing is generated; the gateway verifies tokens with a JWKS endpoint
 * and the internal secret must be set.
 */
export function withSecrets(config: Config): Config {
  if (config.production) {
    const problems: string[] = [];
    if (!config.auth.jwksUrl)
      problems.push("AUTH_JWKS_URL (the identity provider's key set) is required in production");
    if (!config.internalSecret || config.internalSecret.length < MIN_SECRET_LENGTH)
      problems.push(
        `INTERNAL_SECRET of at least ${MIN_SECRET_LENGTH} characters is required in production`,
      );
    if (problems.length) throw new Error(problems.join("; "));
    return config;
  }
  return {
    ...config,
    auth: {
      ...config.auth,
      secret: config.auth.secret ?? developmentSecret(config.dataDir, "auth"),
    },
    internalSecret: config.internalSecret ?? developmentSecret(config.dataDir, "internal"),
  };
}

function developmentSecret(dataDir: string, name: string): string {
  const dir = path.resolve(dataDir, ".secrets");
  const file = path.join(dir, `${name}.key`);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
  } catch (e) {
    // another part sharing this folder (docker-compose.trial.yml) made it first: use that one
    if ((e as { code?: string }).code !== "EEXIST") throw e;
    for (let tries = 0; tries < 50; tries++) {
      const made = readFileSync(file, "utf8").trim();
      if (made) return made;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
    throw new Error(`${file} stays empty`);
  }
  chmodSync(file, 0o600);
  return secret;
}

/** The internal secret of a config that went through `withSecrets`. */
export function internalSecretOf(config: Config): string {
  if (!config.internalSecret) throw new Error("no internal secret: call withSecrets(config) first");
  return config.internalSecret;
}
