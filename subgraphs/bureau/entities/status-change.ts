import { Field, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { PetitionStatus } from "./enums";

/** One step of a petition's history: every change of status is written here. */
@Entity("status_change")
@ObjectType({ description: "a change in a petition's status" })
export class StatusChange {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: "petition_id", type: "int" })
  petitionId: number;

  @Column({ type: "datetime", precision: 3 })
  @Field(() => Date)
  at: Date;

  @Column({ name: "from_status", type: "varchar", length: 16, nullable: true })
  @Field(() => PetitionStatus, { nullable: true })
  from: PetitionStatus | null;

  @Column({ name: "to_status", type: "varchar", length: 16 })
  @Field(() => PetitionStatus)
  to: PetitionStatus;

  @Column({ type: "text", nullable: true })
  @Field(() => String, { nullable: true })
  note: string | null;

  /** who made the change */
  @Column({ type: "varchar", length: 100 })
  @Field(() => String, { description: "who made the change" })
  actor: string;
}
