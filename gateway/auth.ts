import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from "jose";
import {
  ANONYMOUS,
  CALLER_HEADER,
  isRole,
  unauthenticated,
  verifyCaller,
  type Caller,
  type Role,
} from "../common/auth";
import { type AuthConfig } from "../common/config";
import { plainText } from "../common/text";

/** The longest account name (`sub`) a token may carry: it is stored with every audited read. */
export const MAX_ACCOUNT_LENGTH = 100;

/**
 * An account name as the audit trail keeps it: a string of 1 to 100 characters with something
 * visible in it, and no control, bidirectional or broken character.
 */
function isAccount(sub: unknown): sub is string {
  if (typeof sub !== "string") return false;
  try {
    const { text, visible } = plainText("sub", sub);
    return visible > 0 && text === sub && [...sub].length <= MAX_ACCOUNT_LENGTH;
  } catch {
    return false;
  }
}

/** Turns a request's headers into the caller, or refuses the request with UNAUTHENTICATED. */
export type Authenticate = (headers: Record<string, string>) => Promise<Caller>;

const HMAC_ALGORITHMS = ["HS256"];
const JWKS_ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"];
/** verified tokens, so a busy client's token is checked once, not on every request */
const CACHE_LIMIT = 10_000;

/**
 * Bearer JWTs: HS256 with the configured secret by default, the identity provider's JWKS when
 * one is configured (production). Only the listed algorithms are accepted, so `alg: none` and
 * algorithm-confusion tokens fail like forged ones. `exp` is required; `role` must name a role,
 * and every token must carry `sub`, the account. Subgraphs calling back through the gateway present the
 * signed caller they were given instead.
 */
export function createAuthenticator(auth: AuthConfig, internalSecret: string): Authenticate {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (auth.jwksUrl) {
    key = createRemoteJWKSet(new URL(auth.jwksUrl));
    algorithms = JWKS_ALGORITHMS;
  } else if (auth.secret) {
    key = new TextEncoder().encode(auth.secret);
    algorithms = HMAC_ALGORITHMS;
  } else {
    throw new Error("the gateway needs AUTH_SECRET or AUTH_JWKS_URL to verify tokens");
  }
  const verified = new Map<string, { caller: Caller; expiresMs: number }>();

  async function verify(token: string): Promise<Caller> {
    const cached = verified.get(token);
    if (cached && cached.expiresMs > Date.now()) return cached.caller;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key as never, {
        algorithms,
        issuer: auth.issuer ?? undefined,
        audience: auth.audience ?? undefined,
        requiredClaims: ["exp"],
      }));
    } catch (e) {
      if (e instanceof errors.JWTExpired)
        throw unauthenticated("the token has expired: sign in again");
      throw unauthenticated("the token is not valid");
    }
    const role = payload.role;
    if (!isRole(role)) throw unauthenticated("the token names no known role");
    // the account is what the audit trail records and what in-flight sharing keeps apart
    if (!payload.sub)
      throw unauthenticated(
        role === "public"
          ? "a citizen's token must name its subject (sub)"
          : "a token must name its account (sub)",
      );
    if (!isAccount(payload.sub))
      throw unauthenticated("the token's account (sub) must be 1 to 100 visible characters");
    const caller: Caller = { role, subject: payload.sub };
    if (verified.size >= CACHE_LIMIT) verified.clear();
    verified.set(token, { caller, expiresMs: payload.exp! * 1000 });
    return caller;
  }

  return async (headers) => {
    const forwarded = headers[CALLER_HEADER];
    if (forwarded !== undefined) {
      const caller = verifyCaller(forwarded, internalSecret);
      if (!caller) throw unauthenticated("the forwarded caller is not valid");
      return caller;
    }
    const authorization = headers.authorization;
    if (authorization === undefined || authorization === "") return ANONYMOUS;
    const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization.trim());
    if (!match) throw unauthenticated("the Authorization header must be `Bearer <token>`");
    return verify(match[1]);
  };
}

export interface TokenRequest {
  role: Role;
  subject?: string;
  /** seconds; one hour unless given */
  lifetime?: number;
  /** set when the gateway checks them (AUTH_ISSUER, AUTH_AUDIENCE) */
  issuer?: string | null;
  audience?: string | null;
}

/** A token signed with the HS256 secret: for development and tests, never issued in production. */
export function signToken(secret: string, request: TokenRequest): Promise<string> {
  const jwt = new SignJWT({ role: request.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(request.subject ?? `${request.role}-dev`)
    .setIssuedAt()
    .setExpirationTime(`${request.lifetime ?? 3600}s`);
  if (request.issuer) jwt.setIssuer(request.issuer);
  if (request.audience) jwt.setAudience(request.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
