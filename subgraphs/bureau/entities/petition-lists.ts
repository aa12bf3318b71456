import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../../../common/db";
import { Forwarding } from "./forwarding";
import { StatusChange } from "./status-change";

/** The connections of a petition's own lists that no register pages already. */

@ObjectType()
export class StatusChangeEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => StatusChange)
  node: StatusChange;
}

@ObjectType({ description: "a petition's history, in the order written" })
export class StatusChangeConnection {
  @Field(() => [StatusChangeEdge])
  edges: StatusChangeEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@ObjectType()
export class ForwardingEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => Forwarding)
  node: Forwarding;
}

@ObjectType({ description: "转送/交办: a petition's forwardings, in the order made" })
export class ForwardingConnection {
  @Field(() => [ForwardingEdge])
  edges: ForwardingEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}
