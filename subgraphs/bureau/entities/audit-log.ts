import { Directive, Field, ObjectType } from "type-graphql";

/**
 * The audit of personal-data reads within a window; the bureau owns the root field and adds
 * the reads of petitioners, the service center adds the reads of message authors.
 */
@ObjectType()
@Directive('@key(fields: "from to")')
export class PersonalDataAudit {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;
}
