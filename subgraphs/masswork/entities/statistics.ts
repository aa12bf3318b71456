import { Directive, Field, ID, ObjectType } from "type-graphql";
import { CountSeries, type Span, type StatisticsQuery } from "../../../common/domain";
import { Town } from "./town";
import { AdminLevel } from "./enums";

/** The bureau's `statistics`, keyed by the query; masswork adds its disputes, receptions and digests. */
@ObjectType()
@Directive('@key(fields: "key")')
export class Statistics {
  @Field(() => ID)
  key: string;

  query: StatisticsQuery;
  span: Span;
}

@ObjectType({ description: "排查矛盾隐患 by period" })
export class DisputeSeries {
  @Field(() => CountSeries, { description: "reported (found) in the period" })
  found: CountSeries;

  @Field(() => CountSeries, { description: "resolved (化解) in the period" })
  resolved: CountSeries;

  @Field(() => CountSeries, { description: "of those found in the period, escalated (激化)" })
  escalated: CountSeries;
}

@ObjectType({ description: "领导接访 by the receiving leader's level, by period" })
export class ReceptionSeries {
  @Field(() => AdminLevel)
  level: AdminLevel;

  @Field(() => CountSeries, { description: "件次" })
  cases: CountSeries;

  @Field(() => CountSeries, { description: "人次" })
  persons: CountSeries;
}

@ObjectType({
  description: "one town's or category's disputes over the range (key null: none recorded)",
})
export class DisputeBreakdownRow extends DisputeSeries {
  @Field(() => String, { nullable: true, description: "the town's id or the category" })
  key: string | null;

  @Field(() => Town, { nullable: true, description: "the town, for a TOWN breakdown" })
  town: Town | null;
}
