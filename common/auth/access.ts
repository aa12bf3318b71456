import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { AuthCheckerFn } from "type-graphql";
import type { Caller } from "./caller";
import type { Role } from "./roles";

/**
 * Who may do what: the one policy every subgraph's `@Authorized(...)` names. The README's access
 * matrix is this file in a table. Fields without `@Authorized` are reachable only through an
 * authorized field (or are public, like the network: towns, villages, work stations, leaders and
 * the duty rosters, `receptionDuties` and `duties`). Receptions themselves are case readers'.
 */
export const Access = {
  /** cases, visits, reviews, dispute items, receptions, hotline calls, evaluations, opinion digests (and any record's `digests`), figures */
  caseReaders: ["bureau", "masswork", "service-center", "leader", "integrator", "admin"],
  /** 信访局 staff: the procedure's mutations */
  bureauStaff: ["bureau"],
  /** 群工部 staff: dispute items, receptions, duty schedule, opinion digests (writeDigest) */
  massworkStaff: ["masswork"],
  /** 群众工作中心 staff: replies to messages, hotline calls and their answers, satisfaction evaluations */
  serviceCenterStaff: ["service-center"],
  /** a signed-in citizen on the website */
  citizens: ["public"],
  /** the audit log of personal-data reads */
  auditors: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

/**
 * Who reads personal data unmasked (every such read is audited): the bureau handles the case
 * and contacts the petitioner; a leader receives petitioners and follows backlog cases. The
 * service center reads the authors of the messages it answers; a citizen reads their own. A
 * hotline caller's phone is read by the service center, which calls back with the answer, and,
 * as a petitioner's phone, by the bureau (a call may become a petition) and leaders.
 */
export const PersonalDataReaders = {
  petitioner: ["bureau", "leader"] as readonly Role[],
  messageAuthor: ["service-center"] as readonly Role[],
  hotlineCaller: ["service-center", "bureau", "leader"] as readonly Role[],
};

export function hasRole(caller: Caller, roles: readonly string[]): boolean {
  return roles.includes(caller.role);
}

function fieldName(info: GraphQLResolveInfo): string {
  return `${info.parentType.name}.${info.fieldName}`;
}

/**
 * Refuses a field to a caller whose role is not among `roles`. A field error, not a request
 * error: the rest of the operation still answers, and the HTTP status stays 200.
 */
export function denied(caller: Caller, info: GraphQLResolveInfo): GraphQLError {
  const field = fieldName(info);
  if (caller.role === "anonymous")
    return new GraphQLError(`sign in to use ${field}`, {
      extensions: { code: "UNAUTHENTICATED", field },
    });
  return new GraphQLError(`the role ${caller.role} may not use ${field}`, {
    extensions: { code: "FORBIDDEN", field },
  });
}

/** The auth checker of every subgraph: the caller's role must be one the field names. */
export const authChecker: AuthCheckerFn<{ caller: Caller }, string> = (
  { context, info },
  roles,
) => {
  if (hasRole(context.caller, roles)) return true;
  throw denied(context.caller, info);
};
