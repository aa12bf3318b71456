import { Field, Int, ObjectType } from "type-graphql";

/** 办结答复: the written answer to a petition, as the bureau recorded it. */
@ObjectType({ description: "办结答复: the written reply to a petition" })
export class PetitionReply {
  @Field(() => String)
  text: string;

  @Field(() => Date, { description: "when the reply was given (the petition's repliedAt)" })
  repliedAt: Date;

  @Field(() => String, {
    nullable: true,
    description: "the unit that handled the petition and replied (its responsibleUnit)",
  })
  unit: string | null;
}

/** 延期: the one extension of the reply's due date a petition may have. */
@ObjectType({ description: "延期: the one extension of a petition's due date" })
export class DeadlineExtension {
  @Field(() => Int, {
    nullable: true,
    description: "days added to the due date (at most 30); null if the record does not say",
  })
  days: number | null;

  @Field(() => String, { description: "why the deadline was extended" })
  reason: string;

  @Field(() => Date, { nullable: true, description: "when the extension was granted" })
  extendedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "the staff account that granted it, as in the status history",
  })
  extendedBy: string | null;
}
