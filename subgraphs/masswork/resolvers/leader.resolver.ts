import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { Leader } from "../entities/leader";
import { Town } from "../entities/town";
import { AdminLevel } from "../entities/enums";
import { massworkLoaders } from "../loaders";
import { leadersAt } from "../services/leaders";

@Resolver(() => Leader)
export class LeaderResolver {
  @Query(() => [Leader])
  leaders(
    @Ctx() ctx: SubgraphContext,
    @Arg("level", () => AdminLevel, { nullable: true }) level?: AdminLevel | null,
  ): Promise<Leader[]> {
    return leadersAt(ctx.db, level);
  }

  @Query(() => Leader, { nullable: true })
  leader(@Arg("id", () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Leader | null> {
    return massworkLoaders(ctx.loaders).leader.load(parseId("id", id));
  }

  @FieldResolver(() => Town, {
    nullable: true,
    description: "the town a town or village leader serves",
  })
  async town(@Root() l: Leader, @Ctx() ctx: SubgraphContext): Promise<Town | null> {
    return l.townId === null ? null : massworkLoaders(ctx.loaders).town.load(l.townId);
  }
}
