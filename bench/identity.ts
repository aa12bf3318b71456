import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { signCaller, type CallerRole } from "../common/auth";

/**
 * The bench's own identity provider, because the children run in production mode, where the
 * gateway only trusts tokens signed by the keys of a JWKS endpoint and every part must share
 * the internal secret. A key pair made for this run signs one token per role; its public half
 * is served at `jwksUrl`. Nothing outlives the run.
 */
export interface BenchIdentity {
  jwksUrl: string;
  /** the secret the gateway signs callers with for the subgraphs */
  internalSecret: string;
  /** a bearer token for the role (and one of its accounts, numbered); null for anonymous callers */
  token(role: CallerRole, account?: number): Promise<string | null>;
  /** the caller as the gateway hands it to subgraphs, signed now (it is valid for two minutes) */
  signedCaller(role: CallerRole, account?: number): string;
  stop(): Promise<void>;
}

const subjectOf = (role: CallerRole, account?: number) =>
  role === "anonymous" ? null : `bench-${role}${account === undefined ? "" : `-${account}`}`;

export async function startIdentity(): Promise<BenchIdentity> {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const kid = randomBytes(8).toString("hex");
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" }],
  });
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(jwks);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const internalSecret = randomBytes(32).toString("base64url");
  const tokens = new Map<string, Promise<string>>();
  return {
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    internalSecret,
    async token(role, account) {
      if (role === "anonymous") return null;
      const subject = subjectOf(role, account)!;
      let token = tokens.get(subject);
      if (!token) {
        token = new SignJWT({ role })
          .setProtectedHeader({ alg: "ES256", kid })
          .setSubject(subject)
          .setIssuedAt()
          .setExpirationTime("6h")
          .sign(privateKey);
        tokens.set(subject, token);
      }
      return token;
    },
    signedCaller: (role, account) =>
      signCaller({ role, subject: subjectOf(role, account) }, internalSecret),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
