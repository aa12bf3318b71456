import { Directive, Field, ObjectType } from "type-graphql";

/**
 * The bureau's audit window, to which the service center adds the reads of message authors.
 * Each department declares its own class: type-graphql would give one shared class the field
 * resolvers of both, and composition refuses a field resolved in two subgraphs.
 */
@ObjectType()
@Directive('@key(fields: "from to")')
export class PersonalDataAudit {
  @Field(() => Date)
  from: Date;

  @Field(() => Date)
  to: Date;
}
