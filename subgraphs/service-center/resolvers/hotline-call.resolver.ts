import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { Access } from "../../../common/auth";
import { pageSize } from "../../../common/db";
import { type SubgraphContext } from "../../../common/server";
import { HotlineCallConnection, HotlineCallFilter } from "../entities/connections";
import { HotlineCall } from "../entities/hotline-call";
import { Petition, petitionRef } from "../external/bureau";
import { Town, townRef } from "../external/masswork";
import { hotlineCallPage, latestHotlineCalls } from "../services/hotline-calls";

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

  @Authorized(Access.caseReaders)
  @Query(() => HotlineCallConnection, {
    description: "市长热线 calls, newest received first, a page at a time",
  })
  hotlineCallPage(
    @Ctx() ctx: SubgraphContext,
    @Arg("filter", () => HotlineCallFilter, { nullable: true }) filter?: HotlineCallFilter | null,
    @Arg("first", () => Int, {
      nullable: true,
      description: "page size, 20 unless given, at most 200",
    })
    first?: number | null,
    @Arg("after", () => String, {
      nullable: true,
      description: "the endCursor of the page before",
    })
    after?: string | null,
  ): Promise<HotlineCallConnection> {
    return hotlineCallPage(ctx.db, filter, pageSize(first), after);
  }

  @FieldResolver(() => Petition, {
    nullable: true,
    description: "the petition the call was registered as",
  })
  petition(@Root() c: HotlineCall): Petition | null {
    return petitionRef(c.petitionId);
  }

  @FieldResolver(() => Town, { nullable: true, description: "the town the call is about" })
  town(@Root() c: HotlineCall): Town | null {
    return townRef(c.townId);
  }
}
