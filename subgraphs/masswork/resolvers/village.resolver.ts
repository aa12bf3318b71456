import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { parseId } from "../../../common/errors";
import { type SubgraphContext } from "../../../common/server";
import { AdminLevel } from "../entities/enums";
import { Leader } from "../entities/leader";
import { Town } from "../entities/town";
import { Village } from "../entities/village";
import { WorkStation } from "../entities/work-station";
import { massworkLoaders } from "../loaders";
import { optionalId } from "../services/checks";
import { villagesOf, workStationsWhere } from "../services/villages";

/** The network's third level, and its places: public, as the towns and the reception schedule are. */
@Resolver(() => Village)
export class VillageResolver {
  @Query(() => [Village], { description: "村: the villages, of one town when given" })
  villages(
    @Ctx() ctx: SubgraphContext,
    @Arg("townId", () => ID, { nullable: true }) townId?: string | null,
  ): Promise<Village[]> {
    return villagesOf(ctx.db, optionalId("townId", townId));
  }

  @Query(() => Village, { nullable: true })
  village(@Arg("id", () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Village | null> {
    return massworkLoaders(ctx.loaders).village.load(parseId("id", id));
  }

  @Query(() => [WorkStation], {
    name: "workStations",
    description:
      "群众工作站/室: the towns' work stations and the villages' work rooms matching every condition given",
  })
  workStationList(
    @Ctx() ctx: SubgraphContext,
    @Arg("townId", () => ID, { nullable: true }) townId?: string | null,
    @Arg("villageId", () => ID, { nullable: true }) villageId?: string | null,
    @Arg("level", () => AdminLevel, { nullable: true }) level?: AdminLevel | null,
  ): Promise<WorkStation[]> {
    return workStationsWhere(ctx.db, {
      townId: optionalId("townId", townId),
      villageId: optionalId("villageId", villageId),
      level: level ?? null,
    });
  }

  @FieldResolver(() => Town)
  async town(@Root() v: Village, @Ctx() ctx: SubgraphContext): Promise<Town> {
    return (await massworkLoaders(ctx.loaders).town.load(v.townId))!;
  }

  @FieldResolver(() => [Leader], { description: '村"两委" heads: the village-level leaders' })
  leaders(@Root() v: Village, @Ctx() ctx: SubgraphContext): Promise<Leader[]> {
    return massworkLoaders(ctx.loaders).leadersOfVillage.load(v.id);
  }

  @FieldResolver(() => [WorkStation], { description: "the village's work room (群众工作室)" })
  workStations(@Root() v: Village, @Ctx() ctx: SubgraphContext): Promise<WorkStation[]> {
    return massworkLoaders(ctx.loaders).workStationsOfVillage.load(v.id);
  }
}
