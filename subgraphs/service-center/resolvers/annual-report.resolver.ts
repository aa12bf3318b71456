import { Ctx, Directive, FieldResolver, Float, Resolver, Root } from "type-graphql";
import type { SubgraphContext } from "../../../common/server";
import { AnnualReport, ThreeRates, WebsiteFigures } from "../entities/annual-report";
import { evaluationGroups, messageGroups, ofYear } from "../services/figures";

@Resolver(() => AnnualReport)
export class AnnualReportResolver {
  @FieldResolver(() => WebsiteFigures, {
    nullable: true,
    description: "网络留言: messages posted in the year and their replies",
  })
  async website(@Root() r: AnnualReport, @Ctx() ctx: SubgraphContext): Promise<WebsiteFigures> {
    const { total, meeting: replied } = await ofYear(messageGroups, ctx.loaders, r.year);
    return { messages: total, replied, replyRate: total === 0 ? 0 : replied / total };
  }
}

@Resolver(() => ThreeRates)
export class ThreeRatesResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "群众满意率: satisfied or basically satisfied ÷ evaluations of the year; null when none",
  })
  async satisfaction(@Root() r: ThreeRates, @Ctx() ctx: SubgraphContext): Promise<number | null> {
    const { total, meeting: satisfied } = await ofYear(evaluationGroups, ctx.loaders, r.year);
    return total === 0 ? null : satisfied / total;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "参评率: evaluations of the year ÷ items replied in it; null when none was replied",
  })
  @Directive('@requires(fields: "repliedItems")')
  async participation(@Root() r: ThreeRates, @Ctx() ctx: SubgraphContext): Promise<number | null> {
    const replied = Number(r.repliedItems ?? 0);
    if (!(replied > 0)) return null;
    const { total } = await ofYear(evaluationGroups, ctx.loaders, r.year);
    return total / replied;
  }
}
