import {
  Arg,
  Authorized,
  Ctx,
  Float,
  FieldResolver,
  Int,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { Access } from "../../../common/auth";
import { reportYear } from "../../../common/domain";
import { type SubgraphContext } from "../../../common/server";
import {
  backlogFigures,
  onlineTransfers,
  threeRates,
  visitFigures,
} from "../services/report-figures";
import {
  AnnualReport,
  CountYoY,
  EscalationFigures,
  ThreeRates,
  VisitFigures,
} from "../entities/annual-report";

/** The bureau's figures of the annual report; it also owns the report's root field. */
@Resolver(() => AnnualReport)
export class AnnualReportResolver {
  @Authorized(Access.caseReaders)
  @Query(() => AnnualReport, {
    description: "年度统计: the figures of one calendar year (Beijing time)",
  })
  annualReport(@Arg("year", () => Int) year: number, @Ctx() ctx: SubgraphContext): AnnualReport {
    return { year: reportYear(year, ctx.clock.now()) };
  }

  @FieldResolver(() => VisitFigures)
  async visits(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<VisitFigures> {
    return (await visitFigures(ctx.loaders, r.year)).visits;
  }

  @FieldResolver(() => CountYoY)
  onlineTransfers(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<CountYoY> {
    return onlineTransfers(ctx.loaders, r.year);
  }

  @FieldResolver(() => EscalationFigures)
  async escalatedVisits(
    @Root() r: AnnualReport,
    @Ctx() ctx: SubgraphContext,
  ): Promise<EscalationFigures> {
    return (await visitFigures(ctx.loaders, r.year)).escalated;
  }

  @FieldResolver(() => Int)
  async backlogAssigned(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await backlogFigures(ctx.loaders, r.year)).assigned;
  }

  @FieldResolver(() => Int)
  async backlogBatches(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await backlogFigures(ctx.loaders, r.year)).batches;
  }

  @FieldResolver(() => ThreeRates)
  threeRates(@Root() r: AnnualReport): ThreeRates {
    return { year: r.year } as ThreeRates;
  }
}

@Resolver(() => ThreeRates)
export class ThreeRatesResolver {
  private rates(r: ThreeRates, ctx: SubgraphContext) {
    return ctx.loaders.memo(`threeRates:${r.year}`, () =>
      threeRates(ctx.loaders, r.year, ctx.clock),
    );
  }

  @FieldResolver(() => Float, { nullable: true })
  async timelyAcceptance(
    @Root() r: ThreeRates,
    @Ctx() ctx: SubgraphContext,
  ): Promise<number | null> {
    return (await this.rates(r, ctx)).timelyAcceptance;
  }

  @FieldResolver(() => Float, { nullable: true })
  async onTimeCompletion(
    @Root() r: ThreeRates,
    @Ctx() ctx: SubgraphContext,
  ): Promise<number | null> {
    return (await this.rates(r, ctx)).onTimeCompletion;
  }

  @FieldResolver(() => Int)
  async repliedItems(@Root() r: ThreeRates, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await this.rates(r, ctx)).repliedItems;
  }
}
