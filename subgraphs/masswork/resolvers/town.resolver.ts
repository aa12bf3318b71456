import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { Town } from "../entities/town";
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
}

@Resolver(() => WorkStation)
export class WorkStationResolver {
  @FieldResolver(() => Town)
  async town(@Root() w: WorkStation, @Ctx() ctx: SubgraphContext): Promise<Town> {
    return (await massworkLoaders(ctx.loaders).town.load(w.townId))!;
  }
}
