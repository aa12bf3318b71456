import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { ReviewKind } from "./enums";

/** 复查/复核: a request to review the reply, and later its re-review. */
@Entity("review")
@ObjectType({ description: "复查/复核: a review of a reply" })
@Directive('@key(fields: "id")')
export class Review {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ name: "petition_id", type: "int" })
  petitionId: number;

  @Column({ type: "varchar", length: 16 })
  @Field(() => ReviewKind)
  kind: ReviewKind;

  @Column({ name: "requested_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  requestedAt: Date;

  /** requested + 30 days */
  @Column({ name: "due_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  dueAt: Date;

  @Column({ name: "decided_at", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Column({ type: "text", nullable: true })
  @Field(() => String, { nullable: true })
  outcome: string | null;
}
