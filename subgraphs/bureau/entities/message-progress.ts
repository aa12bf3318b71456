import { Field, ObjectType } from "type-graphql";
import { PetitionStatus } from "./enums";
import { PetitionReply } from "./petition-records";

/**
 * Where the petition registered from a website message stands, as its author may see it: the
 * procedure's step and dates, the decline reason and the reply, and nothing of any person (no
 * petitioner, no history, no internal ids).
 */
@ObjectType({
  description:
    "办理进度: the progress of the petition registered from a website message, without personal data",
})
export class MessageProgress {
  @Field(() => String, { description: "the petition's serial number, e.g. XF2017-000123" })
  serialNo: string;

  @Field(() => PetitionStatus)
  status: PetitionStatus;

  @Field(() => Date, { description: "when the bureau registered it (the petition's receivedAt)" })
  registeredAt: Date;

  @Field(() => Date, { description: "accept or decline by then (15 days)" })
  acceptanceDeadline: Date;

  @Field(() => Date, { nullable: true })
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true })
  declinedAt: Date | null;

  @Field(() => String, { nullable: true, description: "不予受理: the written reason, if declined" })
  declineReason: string | null;

  @Field(() => Date, { nullable: true, description: "the reply is due by then, once accepted" })
  dueAt: Date | null;

  @Field(() => Date, { nullable: true })
  repliedAt: Date | null;

  @Field(() => PetitionReply, { nullable: true, description: "办结答复: null until replied" })
  reply: PetitionReply | null;
}
