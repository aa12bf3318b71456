import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A website message of the service center; masswork adds the digests that cite it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class OnlineMessage {
  @Field(() => ID)
  id: string;
}

/** A hotline call of the service center; masswork adds the digests that cite it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class HotlineCall {
  @Field(() => ID)
  id: string;
}
