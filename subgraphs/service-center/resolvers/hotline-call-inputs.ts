import { Field, ID, InputType } from "type-graphql";
import { PetitionCategory } from "../../../common/domain";

@InputType({ description: "市长热线: a call as the service center's clerk takes it down" })
export class RecordCallInput {
  @Field(() => Date, { description: "when the call came in; not in the future" })
  receivedAt: Date;

  @Field(() => String, { description: "what the caller said, 2 to 2000 characters" })
  summary: string;

  @Field(() => PetitionCategory)
  category: PetitionCategory;

  @Field(() => ID, { description: "masswork's town the call is about" })
  townId: string;

  @Field(() => String, {
    description: "the caller's mobile or landline number (personal data: masked when read back)",
  })
  callerPhone: string;

  @Field(() => String, {
    nullable: true,
    description: "the same key again returns the same call and records nothing",
  })
  idempotencyKey?: string | null;
}
