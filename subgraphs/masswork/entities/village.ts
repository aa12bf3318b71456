import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** 村: a village of a town, the network's third level, with its work room and its 村"两委" heads. */
@Entity("village")
@ObjectType({ description: "村: a village of a town, the third level of the mass-work network" })
@Directive('@key(fields: "id")')
export class Village {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: "varchar", length: 50 })
  @Field(() => String)
  name: string;

  @Column({ name: "town_id", type: "int" })
  townId: number;
}
