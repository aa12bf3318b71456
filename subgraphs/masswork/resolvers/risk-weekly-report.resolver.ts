import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { Access } from "../../../common/auth";
import { type SubgraphContext } from "../../../common/server";
import { DateScalar } from "../../../common/time";
import { RiskWeeklyReport } from "../entities/risk-weekly-report";
import { dateText } from "../services/checks";
import { riskWeeklyReport } from "../services/risk-weekly-report";

@Resolver(() => RiskWeeklyReport)
export class RiskWeeklyReportResolver {
  @Authorized(Access.caseReaders)
  @Query(() => RiskWeeklyReport, {
    description:
      "周排查周报告: disputes found, settled, sharpened and still open in the week (Monday to Sunday, county time) holding weekOf",
  })
  riskWeeklyReport(
    @Arg("weekOf", () => DateScalar, { description: "any day of the week" }) weekOf: Date,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RiskWeeklyReport> {
    return riskWeeklyReport(ctx.db, dateText(weekOf));
  }
}
