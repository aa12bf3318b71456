import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { Leader } from "../entities/leader";
import { Town } from "../entities/town";
import { Village } from "../entities/village";
import { optionalId } from "../services/checks";
import { AdminLevel } from "../entities/enums";
import { massworkLoaders } from "../loaders";
import { leadersAt } from "../services/leaders";

@Resolver(() => Leader)
export class LeaderResolver {
  @Query(() => [Leader])
  leaders(
    @Ctx() ctx: SubgraphContext,
    @Arg("level", () => AdminLevel, { nullable: true }) level?: AdminLevel | null,
    @Arg("townId", () => ID, {
      nullable: true,
      description: "the town's own leaders and its villages'",
    })
    townId?: string | null,
    @Arg("villageId", () => ID, { nullable: true }) villageId?: string | null,
  ): Promise<Leader[]> {
    return leadersAt(
      ctx.db,
      level,
      optionalId("townId", townId),
      optionalId("villageId", villageId),
    );
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

  @FieldResolver(() => Village, {
    nullable: true,
    description: 'the village a village leader (村"两委" head) serves',
  })
  async village(@Root() l: Leader, @Ctx() ctx: SubgraphContext): Promise<Village | null> {
    return l.villageId === null ? null : massworkLoaders(ctx.loaders).village.load(l.villageId);
  }
}
