import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { PageInfo } from "../../../common/db";

/** Which deadline of the procedure an item of the supervision list has missed. */
export enum SupervisionKind {
  /** 受理: accept or decline within 15 days of receipt (a forwarded petition is chased by its forwarding instead) */
  ACCEPTANCE = "ACCEPTANCE",
  /** 办结: reply within 60 days of acceptance, the extension included */
  REPLY = "REPLY",
  /** 复查: a review decided within 30 days of its request */
  REVIEW = "REVIEW",
  /** 复核: a re-review decided within 30 days of its request */
  RECHECK = "RECHECK",
  /** 转送/交办: the unit's answer by the forwarding's deadline */
  FORWARDING = "FORWARDING",
}
registerEnumType(SupervisionKind, {
  name: "SupervisionKind",
  description: "which deadline an overdue item missed",
});

@InputType({
  description: "督查: every given condition must hold; kinds match any of their values",
})
export class SupervisionFilter {
  @Field(() => String, {
    nullable: true,
    description: "the unit responsible for the item, exactly as recorded",
  })
  unit?: string | null;

  @Field(() => ID, { nullable: true, description: "the petition's town" })
  townId?: string | null;

  @Field(() => [SupervisionKind], { nullable: true })
  kind?: SupervisionKind[] | null;
}

/** One overdue deadline: the field resolvers load its petition and forwarding. */
@ObjectType({ description: "督查: one deadline missed, and by how many days" })
export class SupervisionItem {
  @Field(() => SupervisionKind)
  kind: SupervisionKind;

  @Field(() => Date, {
    description: "the deadline in force (for a forwarding, as supervision last set it)",
  })
  deadline: Date;

  @Field(() => Int, { description: "whole or part days past the deadline, as of now (at least 1)" })
  daysOverdue: number;

  @Field(() => String, {
    nullable: true,
    description: "the unit responsible: a forwarding's unit, else the petition's responsible unit",
  })
  unit: string | null;

  petitionId: number;
  forwardingId: number | null;
}

@ObjectType()
export class SupervisionEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => SupervisionItem)
  node: SupervisionItem;
}

@ObjectType({ description: "督查: overdue deadlines, the latest first (most days overdue)" })
export class SupervisionConnection {
  @Field(() => [SupervisionEdge])
  edges: SupervisionEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

/** 转送/交办 in the annual report: forwardings made in the year and how they were answered. */
@ObjectType({ description: "转送/交办 made in the year, and their answers" })
export class ForwardingFigures {
  @Field(() => Int, { description: "转送: forwarded in the year" })
  forwarded: number;

  @Field(() => Int, { description: "交办: assigned in the year" })
  assigned: number;

  @Field(() => Int, { description: "of those, answered by the unit (so far)" })
  answered: number;

  @Field(() => Int, {
    description:
      "of those, answered by the deadline in force (a supervision notice's new one counts)",
  })
  answeredOnTime: number;
}
