import { Directive, Field, Int, ObjectType } from "type-graphql";

/** The year's figures; each department adds its own, masswork those of screening and reception. */
@ObjectType()
@Directive('@key(fields: "year")')
export class AnnualReport {
  @Field(() => Int)
  year: number;
}

/** 排查矛盾隐患: disputes found, settled (化解) and sharpened (激化) in the year. */
@ObjectType()
export class ScreeningFigures {
  @Field(() => Int, { description: "risk items reported in the year" })
  found: number;

  @Field(() => Int, { description: "risk items resolved in the year" })
  resolved: number;

  @Field(() => Int, { description: "risk items reported in the year that are escalated" })
  escalated: number;
}

/** 县级领导接访: receptions by county leaders, in cases (件次) and persons (人次). */
@ObjectType()
export class ReceptionFigures {
  @Field(() => Int)
  cases: number;

  @Field(() => Int)
  persons: number;
}
