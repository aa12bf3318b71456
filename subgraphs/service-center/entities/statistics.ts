import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CountSeries, RateSeries, type Span, type StatisticsQuery } from "../../../common/domain";
import { Town } from "./../external/masswork";

/**
 * The bureau's `statistics`, keyed by the query; the service center adds its website, hotline
 * and evaluations, and the participation rate from the bureau's replied items (@requires).
 */
@ObjectType()
@Directive('@key(fields: "key")')
export class Statistics {
  @Field(() => ID)
  key: string;

  @Field(() => CountSeries)
  @Directive("@external")
  repliedItems?: CountSeries;

  query: StatisticsQuery;
  span: Span;
}

@ObjectType({ description: "网络留言 by period: messages posted and, of those, replied" })
export class WebsiteSeries {
  @Field(() => CountSeries)
  messages: CountSeries;

  @Field(() => CountSeries, { description: "of the messages posted in the period, those replied" })
  replied: CountSeries;

  @Field(() => RateSeries, { description: "replied ÷ messages" })
  replyRate: RateSeries;
}

@ObjectType({ description: "热线 by period: calls received and, of those, answered" })
export class HotlineSeries {
  @Field(() => CountSeries)
  calls: CountSeries;

  @Field(() => CountSeries, { description: "of the calls received in the period, those answered" })
  answered: CountSeries;
}

@ObjectType({ description: "one town's or category's calls or messages over the range" })
export class CenterBreakdownRow {
  @Field(() => String, { nullable: true, description: "the town's id or the category" })
  key: string | null;

  @Field(() => Town, { nullable: true, description: "the town, for a TOWN breakdown" })
  town: Town | null;

  @Field(() => CountSeries, { description: "calls received, or messages posted" })
  received: CountSeries;

  @Field(() => CountSeries, { description: "of those, answered or replied" })
  answered: CountSeries;
}
