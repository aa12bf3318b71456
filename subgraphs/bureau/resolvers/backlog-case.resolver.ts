import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { SubgraphContext } from "../../../common/server";
import { BacklogCase } from "../entities/backlog-case";
import { Petition } from "../entities/petition";
import { Leader, leaderRef } from "../external/masswork";
import { bureauLoaders } from "../loaders";

@Resolver(() => BacklogCase)
export class BacklogCaseResolver {
  @FieldResolver(() => Petition)
  async petition(@Root() b: BacklogCase, @Ctx() ctx: SubgraphContext): Promise<Petition> {
    return (await bureauLoaders(ctx.loaders).petition.load(b.petitionId))!;
  }

  @FieldResolver(() => Leader, {
    nullable: true,
    description: "包案领导: the county leader responsible",
  })
  leadLeader(@Root() b: BacklogCase): Leader | null {
    return leaderRef(b.leadLeaderId);
  }
}
