import { isRole, ROLES } from "../common/auth";
import { loadConfig, withSecrets, type Config } from "../common/config";
import { signToken } from "../gateway/auth";

const USAGE = `usage: npm run token -- --role ROLE [--sub SUBJECT] [--ttl SECONDS]
roles: ${ROLES.join(", ")}`;

/**
 * A development token for the gateway, signed with this checkout's HS256 secret. Refused in
 * production mode, where tokens come from the identity provider.
 */
export async function developmentToken(argv: string[], config: Config): Promise<string> {
  if (config.production)
    throw new Error("tokens are not issued in production mode: use the identity provider's");
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || argv[i + 1] === undefined) throw new Error(USAGE);
    args.set(argv[i].slice(2), argv[i + 1]);
  }
  const role = args.get("role");
  if (!isRole(role)) throw new Error(`${role ? `unknown role "${role}"\n` : ""}${USAGE}`);
  const lifetime = Number(args.get("ttl") ?? 3600);
  if (!Number.isInteger(lifetime) || lifetime < 1)
    throw new Error("--ttl must be a whole number of seconds");
  const auth = withSecrets(config).auth;
  return signToken(auth.secret!, {
    role,
    subject: args.get("sub"),
    lifetime,
    issuer: auth.issuer,
    audience: auth.audience,
  });
}

if (require.main === module) {
  developmentToken(process.argv.slice(2), loadConfig()).then(
    (token) => console.log(token),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
