import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../../../common/db";
import { PetitionCategory } from "../../../common/domain";
import { HotlineCall } from "./hotline-call";
import { OnlineMessage } from "./online-message";

@InputType({
  description: "Every given condition must hold; a list matches any of its values.",
})
export class HotlineCallFilter {
  @Field(() => Date, { nullable: true, description: "received at or after" })
  receivedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: "received at or before" })
  receivedTo?: Date | null;

  @Field(() => [PetitionCategory], { nullable: true })
  category?: PetitionCategory[] | null;

  @Field(() => ID, { nullable: true, description: "masswork's town" })
  townId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only answered calls; false: only calls still to be answered",
  })
  answered?: boolean | null;

  @Field(() => [ID], {
    nullable: true,
    description: "only these records (at most 200), e.g. to check that references exist",
  })
  ids?: string[] | null;
}

@ObjectType()
export class HotlineCallEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => HotlineCall)
  node: HotlineCall;
}

@ObjectType({ description: "市长热线 calls, newest received first" })
export class HotlineCallConnection {
  @Field(() => [HotlineCallEdge])
  edges: HotlineCallEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: "calls matching the filter, on every page" })
  totalCount: number;
}

@InputType({
  description: "Every given condition must hold; a list matches any of its values.",
})
export class OnlineMessageFilter {
  @Field(() => Date, { nullable: true, description: "posted at or after" })
  postedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: "posted at or before" })
  postedTo?: Date | null;

  @Field(() => [PetitionCategory], { nullable: true })
  category?: PetitionCategory[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only replied messages; false: only unreplied ones",
  })
  replied?: boolean | null;

  @Field(() => ID, { nullable: true, description: "masswork's town the message is about" })
  townId?: string | null;
  @Field(() => [ID], {
    nullable: true,
    description: "only these records (at most 200), e.g. to check that references exist",
  })
  ids?: string[] | null;
}

@ObjectType()
export class OnlineMessageEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => OnlineMessage)
  node: OnlineMessage;
}

@ObjectType({ description: "网络留言 the caller may see, newest posted first" })
export class OnlineMessageConnection {
  @Field(() => [OnlineMessageEdge])
  edges: OnlineMessageEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int, { description: "messages matching the filter that the caller may see" })
  totalCount: number;
}
