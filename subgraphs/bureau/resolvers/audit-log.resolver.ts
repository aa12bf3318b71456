import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import {
  auditWindow,
  PersonalDataRead,
  personalDataReads,
  type SubgraphContext,
} from "../../../common/server";
import { PersonalDataAudit } from "../entities/audit-log";

@Resolver(() => PersonalDataAudit)
export class AuditLogResolver {
  @Authorized(Access.auditors)
  @Query(() => PersonalDataAudit, {
    description: "who read personal data unmasked, from one time to another (admin)",
  })
  personalDataAudit(
    @Arg("from", () => Date) from: Date,
    @Arg("to", () => Date) to: Date,
  ): PersonalDataAudit {
    return auditWindow(from, to);
  }

  @Authorized(Access.auditors)
  @FieldResolver(() => [PersonalDataRead], {
    description: "reads of petitioners' names, ID numbers and phones, newest first",
  })
  petitioners(
    @Root() audit: PersonalDataAudit,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "50 unless given, at most 200" })
    first?: number | null,
  ): Promise<PersonalDataRead[]> {
    return personalDataReads(ctx.db, auditWindow(audit.from, audit.to), first);
  }
}
