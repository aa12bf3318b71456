import { createHmac, timingSafeEqual } from "node:crypto";
import { GraphQLError } from "graphql";
import { isRole, type CallerRole } from "./roles";

/** Who is asking: the role and, for signed-in callers, the subject of their token. */
export interface Caller {
  role: CallerRole;
  /** the token's `sub`: a staff member's or citizen's account id; null when anonymous */
  subject: string | null;
}

export const ANONYMOUS: Caller = { role: "anonymous", subject: null };

/** The header in which the gateway hands the verified caller to the subgraphs. */
export const CALLER_HEADER = "x-caller";

const VERSION = "v1";
/** long enough for one request and the reference checks it makes, short enough to be useless later */
const LIFETIME_SECONDS = 120;

function mac(secret: string, payload: string): Buffer {
  return createHmac("sha256", secret).update(payload).digest();
}

/**
 * The caller as the gateway forwards it: `v1.<payload>.<HMAC-SHA256>`, signed with the secret
 * only the gateway and the subgraphs hold. Subgraphs trust nothing else.
 */
export function signCaller(caller: Caller, secret: string, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const payload = Buffer.from(
    JSON.stringify({ r: caller.role, s: caller.subject, iat, exp: iat + LIFETIME_SECONDS }),
  ).toString("base64url");
  return `${VERSION}.${payload}.${mac(secret, payload).toString("base64url")}`;
}

/** The signed caller, or null when the value is missing, forged, malformed or expired. */
export function verifyCaller(
  value: string | undefined,
  secret: string,
  nowMs = Date.now(),
): Caller | null {
  if (!value) return null;
  const [version, payload, signature, extra] = value.split(".");
  if (version !== VERSION || !payload || !signature || extra !== undefined) return null;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let claims: { r?: unknown; s?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof claims.exp !== "number" || claims.exp * 1000 < nowMs) return null;
  const role = claims.r === "anonymous" || isRole(claims.r) ? claims.r : null;
  if (!role) return null;
  return { role, subject: typeof claims.s === "string" ? claims.s : null };
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "UNAUTHENTICATED", http: { status: 401 } },
  });
}
