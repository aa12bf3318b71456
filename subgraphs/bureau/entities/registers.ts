import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../../../common/db";
import { DateScalar } from "../../../common/time";
import { BacklogCase } from "./backlog-case";
import { Visit } from "./visit";
import { VisitLevel } from "./enums";

@InputType({
  description: "来访登记簿: every given condition must hold; lists match any of their values",
})
export class VisitFilter {
  @Field(() => DateScalar, {
    nullable: true,
    description: "received on or after this day (Beijing time)",
  })
  from?: Date | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: "received on or before this day (Beijing time)",
  })
  to?: Date | null;

  @Field(() => [VisitLevel], { nullable: true })
  level?: VisitLevel[] | null;

  @Field(() => ID, { nullable: true, description: "the town of the petition visited about" })
  townId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "集体访: five or more people" })
  collective?: boolean | null;
}

@ObjectType()
export class VisitEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => Visit)
  node: Visit;
}

@ObjectType({
  description:
    "Visits a page at a time, in the order the field paging them says (来访登记簿: newest received first)",
})
export class VisitConnection {
  @Field(() => [VisitEdge])
  edges: VisitEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@InputType({ description: "信访积案台账: every given condition must hold" })
export class BacklogCaseFilter {
  @Field(() => Int, { nullable: true })
  batch?: number | null;

  @Field(() => ID, { nullable: true, description: "包案领导: the responsible county leader" })
  leadLeaderId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true: 案结事了, resolved; false: open" })
  resolved?: boolean | null;
}

@ObjectType()
export class BacklogCaseEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => BacklogCase)
  node: BacklogCase;
}

@ObjectType({ description: "信访积案台账: backlog cases, by batch, then in the order assigned" })
export class BacklogCaseConnection {
  @Field(() => [BacklogCaseEdge])
  edges: BacklogCaseEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}
