import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** 督办: a supervision notice the bureau's supervision office sent about a petition. */
@Entity("supervision")
@ObjectType({ description: "督办: a supervision notice about a petition" })
export class Supervision {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ name: "petition_id", type: "int" })
  petitionId: number;

  /** the forwarding the notice chased, if it chased one */
  @Column({ name: "forwarding_id", type: "int", nullable: true })
  forwardingId: number | null;

  @Column({ type: "datetime", precision: 3 })
  @Field(() => Date)
  at: Date;

  @Column({ name: "supervised_by", type: "varchar", length: 100 })
  @Field(() => String, { description: "the staff account that sent the notice" })
  by: string;

  @Column({ type: "text" })
  @Field(() => String)
  note: string;

  @Column({ name: "new_deadline", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, {
    nullable: true,
    description:
      "the new deadline set for the unit: it moves the chased forwarding's deadline; the procedure's statutory dates never move",
  })
  newDeadline: Date | null;

  @Column({ name: "previous_deadline", type: "datetime", precision: 3, nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: "the chased forwarding's deadline before this notice moved it",
  })
  previousDeadline: Date | null;
}
