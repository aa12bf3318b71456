import { Field, Int, ObjectType } from "type-graphql";
import { PetitionCategory } from "../../../common/domain";
import { DateScalar } from "../../../common/time";
import { Town } from "./town";

/** A week's screening figures, for the county, a town or a category. */
@ObjectType({ description: "a week's 矛盾隐患 figures" })
export class RiskWeekFigures {
  @Field(() => Int, { description: "reported in the week" })
  found: number;

  @Field(() => Int, { description: "settled (化解) in the week, even if reopened since" })
  resolved: number;

  @Field(() => Int, { description: "sharpened (激化) in the week" })
  escalated: number;

  @Field(() => Int, {
    description:
      "reported by the week's end and not settled then (OPEN or ESCALATED): still to be worked on",
  })
  openAtEnd: number;
}

@ObjectType({ description: "a town's figures of the week" })
export class RiskWeekTownFigures extends RiskWeekFigures {
  @Field(() => Town)
  town: Town;
}

@ObjectType({ description: "a category's figures of the week" })
export class RiskWeekCategoryFigures extends RiskWeekFigures {
  @Field(() => PetitionCategory)
  category: PetitionCategory;
}

@ObjectType({
  description:
    "周排查周报告: the screening of one week, Monday to Sunday in county time (UTC+8), by town, by category and in all",
})
export class RiskWeeklyReport {
  @Field(() => DateScalar, { description: "the Monday" })
  weekStart: string;

  @Field(() => DateScalar, { description: "the Sunday" })
  weekEnd: string;

  @Field(() => RiskWeekFigures)
  totals: RiskWeekFigures;

  @Field(() => [RiskWeekTownFigures], { description: "every town, in id order" })
  byTown: RiskWeekTownFigures[];

  @Field(() => [RiskWeekCategoryFigures], { description: "every category, in the enum's order" })
  byCategory: RiskWeekCategoryFigures[];
}
