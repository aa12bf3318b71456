import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../../../common/db";
import { DateScalar } from "../../../common/time";
import { AdminLevel } from "./enums";
import { Reception } from "./reception";
import { ReceptionDuty } from "./reception-duty";

@InputType({
  description:
    "Every given condition must hold. Days are calendar days in Beijing time, both ends included; a town holds its own and its villages' leaders.",
})
export class ReceptionDutyFilter {
  @Field(() => AdminLevel, { nullable: true })
  level?: AdminLevel | null;

  @Field(() => DateScalar, { nullable: true, description: "on or after this day" })
  from?: Date | null;

  @Field(() => DateScalar, { nullable: true, description: "on or before this day" })
  to?: Date | null;

  @Field(() => ID, { nullable: true })
  townId?: string | null;

  @Field(() => ID, { nullable: true })
  villageId?: string | null;

  @Field(() => ID, { nullable: true })
  leaderId?: string | null;
}

@ObjectType()
export class ReceptionDutyEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => ReceptionDuty)
  node: ReceptionDuty;
}

@ObjectType({ description: "接访排班, by day (earliest first), then as scheduled" })
export class ReceptionDutyConnection {
  @Field(() => [ReceptionDutyEdge])
  edges: ReceptionDutyEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@InputType({
  description:
    "Every given condition must hold. Days are calendar days in Beijing time, both ends included; level, town and village are the receiving leader's.",
})
export class ReceptionFilter {
  @Field(() => DateScalar, { nullable: true, description: "received on or after this day" })
  from?: Date | null;

  @Field(() => DateScalar, { nullable: true, description: "received on or before this day" })
  to?: Date | null;

  @Field(() => ID, { nullable: true })
  leaderId?: string | null;

  @Field(() => AdminLevel, { nullable: true })
  level?: AdminLevel | null;

  @Field(() => ID, { nullable: true })
  townId?: string | null;

  @Field(() => ID, { nullable: true })
  villageId?: string | null;
}

@ObjectType()
export class ReceptionEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => Reception)
  node: Reception;
}

@ObjectType({ description: "接访记录, newest received first" })
export class ReceptionConnection {
  @Field(() => [ReceptionEdge])
  edges: ReceptionEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}
