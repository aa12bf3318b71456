import { Directive, Field, ObjectType } from "type-graphql";

/** The bureau's audit window, to which the service center adds the reads of message authors. */
@ObjectType()
@Directive('@key(fields: "from to")')
export class PersonalDataAudit {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;
}
