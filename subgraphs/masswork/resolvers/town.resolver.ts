import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { Town } from "../entities/town";
import { Village } from "../entities/village";
import { WorkStation } from "../entities/work-station";
import { massworkLoaders } from "../loaders";
import { allTowns } from "../services/towns";

@Resolver(() => Town)
export class TownResolver {
  @Query(() => [Town])
  towns(@Ctx() ctx: SubgraphContext): Promise<Town[]> {
    return allTowns(ctx.db);
  }

  @Query(() => Town, { nullable: true })
  town(@Arg("id", () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Town | null> {
    return massworkLoaders(ctx.loaders).town.load(parseId("id", id));
  }

  @FieldResolver(() => [WorkStation], {
    description: "the town's work station and its villages' work rooms",
  })
  workStations(@Root() t: Town, @Ctx() ctx: SubgraphContext): Promise<WorkStation[]> {
    return massworkLoaders(ctx.loaders).workStationsOf.load(t.id);
  }

  @FieldResolver(() => [Village], { description: "the town's villages (村)" })
  villages(@Root() t: Town, @Ctx() ctx: SubgraphContext): Promise<Village[]> {
    return massworkLoaders(ctx.loaders).villagesOf.load(t.id);
  }
}

@Resolver(() => WorkStation)
export class WorkStationResolver {
  @FieldResolver(() => Town)
  async town(@Root() w: WorkStation, @Ctx() ctx: SubgraphContext): Promise<Town> {
    return (await massworkLoaders(ctx.loaders).town.load(w.townId))!;
  }

  @FieldResolver(() => Village, { nullable: true, description: "a village work room's village" })
  village(@Root() w: WorkStation, @Ctx() ctx: SubgraphContext): Promise<Village | null> | null {
    return w.villageId === null ? null : massworkLoaders(ctx.loaders).village.load(w.villageId);
  }
}
