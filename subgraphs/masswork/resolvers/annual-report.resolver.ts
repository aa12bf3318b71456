import { Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { type SubgraphContext } from "../../../common/server";
import { AnnualReport, ReceptionFigures, ScreeningFigures } from "../entities/annual-report";
import {
  countyLeaderReceptions,
  opinionDigestsOfYear,
  screeningFigures,
} from "../services/figures";

/** One aggregate statement per figure group, bounded by the year in Beijing time. */
@Resolver(() => AnnualReport)
export class AnnualReportResolver {
  @FieldResolver(() => ScreeningFigures, {
    nullable: true,
    description: "排查矛盾隐患: found, resolved and escalated disputes",
  })
  screening(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<ScreeningFigures> {
    return screeningFigures(ctx.loaders, r.year);
  }

  @FieldResolver(() => ReceptionFigures, {
    nullable: true,
    description: "县级领导接访: receptions by county-level leaders",
  })
  countyLeaderReceptions(
    @Root() r: AnnualReport,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ReceptionFigures> {
    return countyLeaderReceptions(ctx.loaders, r.year);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: "社情民意: digests published in the year",
  })
  opinionDigests(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<number> {
    return opinionDigestsOfYear(ctx.loaders, r.year);
  }
}
