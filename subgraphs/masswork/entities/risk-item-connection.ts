import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../../../common/db";
import { PetitionCategory } from "../../../common/domain";
import { RiskItem } from "./risk-item";
import { RiskStatus } from "./enums";

@InputType({
  description: "Every given condition must hold; lists match any of their values.",
})
export class RiskItemFilter {
  @Field(() => ID, { nullable: true })
  townId?: string | null;

  @Field(() => [PetitionCategory], { nullable: true })
  category?: PetitionCategory[] | null;

  @Field(() => [RiskStatus], { nullable: true })
  status?: RiskStatus[] | null;

  @Field(() => Date, { nullable: true, description: "reported at or after" })
  reportedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: "reported at or before" })
  reportedTo?: Date | null;
}

@ObjectType()
export class RiskItemEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => RiskItem)
  node: RiskItem;
}

@ObjectType({ description: "矛盾隐患, newest reported first" })
export class RiskItemConnection {
  @Field(() => [RiskItemEdge])
  edges: RiskItemEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}
