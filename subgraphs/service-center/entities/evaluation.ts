import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Rating } from "./enums";

/** 群众满意度评价: the petitioner's rating of a replied petition, at most one per petition. */
@Entity("evaluation")
@ObjectType({ description: "群众满意度评价: a satisfaction evaluation" })
@Directive('@key(fields: "id")')
export class Evaluation {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  /** a Petition of the bureau; unique: one evaluation per petition */
  @Column({ name: "petition_id", type: "int", unique: true })
  petitionId: number;

  @Column({ type: "varchar", length: 32 })
  @Field(() => Rating)
  rating: Rating;

  @Column({ name: "evaluated_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  evaluatedAt: Date;
}
