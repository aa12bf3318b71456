import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import { pageSize } from "../../../common/db";
import { type SubgraphContext } from "../../../common/server";
import { HotlineCall } from "../entities/hotline-call";
import { Petition, petitionRef } from "../external/bureau";
import { latestHotlineCalls } from "../services/hotline-calls";

@Resolver(() => HotlineCall)
export class HotlineCallResolver {
  @Authorized(Access.caseReaders)
  @Query(() => [HotlineCall], { description: "市长热线 calls, newest first" })
  hotlineCalls(
    @Ctx() ctx: SubgraphContext,
    @Arg("first", () => Int, { nullable: true, description: "20 unless given, at most 200" })
    first?: number | null,
  ): Promise<HotlineCall[]> {
    const size = pageSize(first);
    if (size === 0) return Promise.resolve([]);
    return latestHotlineCalls(ctx.db, size);
  }

  @FieldResolver(() => Petition, {
    nullable: true,
    description: "the petition the call was registered as",
  })
  petition(@Root() c: HotlineCall): Petition | null {
    return petitionRef(c.petitionId);
  }
}
