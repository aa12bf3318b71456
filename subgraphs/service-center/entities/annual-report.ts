import { Directive, Field, Float, Int, ObjectType } from "type-graphql";

/** The year's figures, keyed by the year; each department adds its own (the bureau owns the query). */
@ObjectType()
@Directive('@key(fields: "year")')
export class AnnualReport {
  @Field(() => Int)
  year: number;
}

/** 网络留言 figures of the year: messages posted in it, and how many of those were replied. */
@ObjectType({ description: "the website's messages of the year" })
export class WebsiteFigures {
  @Field(() => Int)
  messages: number;

  @Field(() => Int, { description: "messages posted in the year that have a reply" })
  replied: number;

  @Field(() => Float, { description: "replied ÷ messages; 0 when there are none" })
  replyRate: number;
}

/**
 * 信访"三率", owned by the bureau (the first two rates and the replied items); the service
 * center adds the two rates that need its evaluations.
 */
@ObjectType()
@Directive('@key(fields: "year")')
export class ThreeRates {
  @Field(() => Int)
  year: number;

  @Field(() => Int)
  @Directive("@external")
  repliedItems?: number;
}
