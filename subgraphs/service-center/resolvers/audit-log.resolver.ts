import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
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
  @FieldResolver(() => [PersonalDataRead], {
    description:
      "reads of the personal data the service center holds (online messages' authors, hotline callers' phones; see entity), newest first",
  })
  messageAuthors(
    @Root() audit: PersonalDataAudit,
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "50 unless given, at most 200" })
    first?: number | null,
  ): Promise<PersonalDataRead[]> {
    return personalDataReads(ctx.db, auditWindow(audit.from, audit.to), first);
  }
}
