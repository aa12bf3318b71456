import { Directive, Field, Float, Int, ObjectType } from "type-graphql";

/**
 * The other departments' figures of the annual report that the chapter (AnnualReport.chapter)
 * is written from, declared here as external: the gateway fetches them from their owners and
 * hands them to the bureau with the report's key (@requires).
 */
@ObjectType()
export class ScreeningFigures {
  @Field(() => Int)
  @Directive("@external")
  found: number;

  @Field(() => Int)
  @Directive("@external")
  resolved: number;

  @Field(() => Int)
  @Directive("@external")
  escalated: number;
}

@ObjectType()
export class ReceptionFigures {
  @Field(() => Int)
  @Directive("@external")
  cases: number;

  @Field(() => Int)
  @Directive("@external")
  persons: number;
}

@ObjectType()
export class WebsiteFigures {
  @Field(() => Int)
  @Directive("@external")
  messages: number;

  @Field(() => Int)
  @Directive("@external")
  replied: number;

  @Field(() => Float)
  @Directive("@external")
  replyRate: number;
}
