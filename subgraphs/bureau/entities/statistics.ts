import { Directive, Field, ID, InputType, Int, ObjectType } from "type-graphql";
import {
  CountSeries,
  PetitionCategory,
  RateSeries,
  StatisticsGrain,
  type Span,
  type StatisticsQuery,
} from "../../../common/domain";
import { DateScalar } from "../../../common/time";
import { Town } from "../external/masswork";
import { Channel } from "./enums";

/**
 * 统计: the figures of a range of days by period, keyed by the query; every department adds its
 * own series, aligned with `periods` (as AnnualReport is keyed by the year).
 */
@ObjectType({
  description:
    "统计: the county's figures over a range of days (Beijing calendar) by month, ISO week or day; every department adds its own series, each aligned with `periods`. A series a department cannot filter as asked (see each field) is null.",
})
@Directive('@key(fields: "key")')
export class Statistics {
  @Field(() => ID, {
    description: "the query written out (range, period, filter): what every department reads",
  })
  key: string;

  query: StatisticsQuery;
  span: Span;
}

@InputType({
  description:
    "narrows every series to records with these attributes; a department's series whose records lack one is null",
})
export class StatisticsFilterInput {
  @Field(() => ID, { nullable: true, description: "a Town's id" })
  townId?: string;

  @Field(() => PetitionCategory, { nullable: true })
  category?: PetitionCategory;

  @Field(() => Channel, { nullable: true, description: "the bureau's petitions and visits only" })
  channel?: Channel;

  @Field(() => String, {
    nullable: true,
    description: "responsible unit: the bureau's petitions (a forwarding's own unit) only",
  })
  unit?: string;
}

@ObjectType({ description: "one period: a day, an ISO week or a month, clipped to the range" })
export class StatisticsPeriod {
  @Field(() => String, { description: "2017-03, 2017-W09 or 2017-03-01" })
  label: string;

  @Field(() => DateScalar, { description: "its first day in the range" })
  first: Date;

  @Field(() => DateScalar, { description: "its last day in the range" })
  last: Date;
}

@ObjectType({ description: "a count at each period's end (not a flow: total is not a sum)" })
export class StockSeries {
  @Field(() => [Int])
  values: number[];

  @Field(() => Int, { description: "at the end of the period before the first" })
  previous: number;
}

@ObjectType({ description: "信访事项: petitions by period" })
export class PetitionSeries {
  @Field(() => CountSeries, {
    description: "received (registered) in the period, merged ones aside",
  })
  received: CountSeries;

  @Field(() => [ChannelSeries], { description: "received, by intake channel (信、访、网、电 …)" })
  receivedByChannel: ChannelSeries[];

  @Field(() => CountSeries, { description: "accepted (受理) in the period" })
  accepted: CountSeries;

  @Field(() => CountSeries, { description: "replied (办结) in the period" })
  replied: CountSeries;

  @Field(() => CountSeries, {
    description: "of the replied, by their due date (extension included)",
  })
  repliedOnTime: CountSeries;

  @Field(() => StockSeries, {
    description: "open and past due at the period's end (or now, for a period not yet over)",
  })
  overdue: StockSeries;

  @Field(() => CountSeries, {
    description: "网上信访 transferred from the national, provincial or municipal level",
  })
  onlineTransfers: CountSeries;

  @Field(() => CountSeries, { description: "积案: backlog items assigned in the period" })
  backlogAssigned: CountSeries;
}

@ObjectType()
export class ChannelSeries {
  @Field(() => Channel)
  channel: Channel;

  @Field(() => CountSeries)
  received: CountSeries;
}

@ObjectType({ description: "来访 by period: cases (件次/批次) and persons (人次)" })
export class VisitSeries {
  @Field(() => CountSeries, { description: "visits received by the county" })
  cases: CountSeries;

  @Field(() => CountSeries)
  persons: CountSeries;

  @Field(() => CountSeries, { description: "初访" })
  firstTimeCases: CountSeries;

  @Field(() => CountSeries)
  firstTimePersons: CountSeries;

  @Field(() => CountSeries, { description: "集体访, in batches (批次)" })
  collectiveBatches: CountSeries;

  @Field(() => CountSeries)
  collectivePersons: CountSeries;

  @Field(() => CountSeries)
  collectiveFirstTimeBatches: CountSeries;

  @Field(() => CountSeries)
  collectiveFirstTimePersons: CountSeries;
}

@ObjectType({ description: "越级访 by period: visits received at a higher level" })
export class EscalationSeries {
  @Field(() => CountSeries)
  total: CountSeries;

  @Field(() => CountSeries, { description: "到市" })
  municipal: CountSeries;

  @Field(() => CountSeries, { description: "赴省" })
  provincial: CountSeries;

  @Field(() => CountSeries, { description: "进京" })
  national: CountSeries;
}

@ObjectType({ description: "转送/交办 made in the period" })
export class ForwardingSeries {
  @Field(() => CountSeries)
  forwarded: CountSeries;

  @Field(() => CountSeries)
  assigned: CountSeries;

  @Field(() => CountSeries, { description: "of those made in the period, answered so far" })
  answered: CountSeries;

  @Field(() => CountSeries, { description: "of those, answered by the deadline in force" })
  answeredOnTime: CountSeries;
}

@ObjectType({
  description:
    "one value of a breakdown (a town, category, channel or unit) with its series over the range; the rows' series add up to the whole (records without the attribute have key null)",
})
export class PetitionBreakdownRow {
  @Field(() => String, {
    nullable: true,
    description: "the town's id, the category, channel or unit",
  })
  key: string | null;

  @Field(() => Town, { nullable: true, description: "the town, for a TOWN breakdown" })
  town: Town | null;

  @Field(() => CountSeries)
  received: CountSeries;

  @Field(() => CountSeries)
  accepted: CountSeries;

  @Field(() => CountSeries)
  replied: CountSeries;

  @Field(() => CountSeries, { description: "visits received by the county (件次)" })
  visits: CountSeries;

  @Field(() => CountSeries, { description: "their persons (人次)" })
  visitors: CountSeries;
}

export { CountSeries, RateSeries, StatisticsGrain };
