import { Directive, Field, Float, Int, ObjectType } from "type-graphql";
import { ReceptionFigures, ScreeningFigures, WebsiteFigures } from "../external/report-figures";

/** 年度统计: the county's figures for one year; every department adds the ones it owns. */
@ObjectType({ description: "年度统计: one year's figures across the departments" })
@Directive('@key(fields: "year")')
export class AnnualReport {
  @Field(() => Int)
  year: number;

  // masswork's and the service center's figures, which the chapter requires (resolvers/chapter.resolver.ts)
  @Field(() => ScreeningFigures, { nullable: true })
  @Directive("@external")
  screening?: ScreeningFigures | null;

  @Field(() => ReceptionFigures, { nullable: true })
  @Directive("@external")
  countyLeaderReceptions?: ReceptionFigures | null;

  @Field(() => WebsiteFigures, { nullable: true })
  @Directive("@external")
  website?: WebsiteFigures | null;

  @Field(() => Int, { nullable: true })
  @Directive("@external")
  opinionDigests?: number | null;
}

@ObjectType({ description: "a count (and persons) with its change from the previous year" })
export class CountYoY {
  @Field(() => Int)
  count: number;

  @Field(() => Int, { nullable: true })
  persons: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "fraction: 0.127 for +12.7%; null when the previous year has none",
  })
  changeFromPreviousYear: number | null;
}

@ObjectType({
  description: "来访: visits received by the county (collective and first-time are part of all)",
})
export class VisitFigures {
  @Field(() => CountYoY)
  all: CountYoY;

  @Field(() => CountYoY)
  firstTime: CountYoY;

  @Field(() => CountYoY, { description: "集体访: count is batches, persons is people" })
  collective: CountYoY;

  @Field(() => CountYoY)
  collectiveFirstTime: CountYoY;
}

@ObjectType({ description: "越级访: visits by the county's residents received at a higher level" })
export class EscalationFigures {
  @Field(() => CountYoY)
  total: CountYoY;

  @Field(() => CountYoY)
  municipal: CountYoY;

  @Field(() => CountYoY)
  provincial: CountYoY;

  @Field(() => CountYoY)
  national: CountYoY;
}

/** 信访"三率": the bureau gives the first two and the replied items; the service center the rest. */
@ObjectType({ description: '信访"三率": the three rates of one year' })
@Directive('@key(fields: "year")')
export class ThreeRates {
  @Field(() => Int)
  year: number;

  @Field(() => Float, {
    nullable: true,
    description: "及时受理率: accepted or declined within 15 days ÷ registered",
  })
  timelyAcceptance: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "按期办结率: replied by the due date ÷ (replied + open and past due)",
  })
  onTimeCompletion: number | null;

  @Field(() => Int, { description: "petitions replied to in the year" })
  repliedItems: number;
}
