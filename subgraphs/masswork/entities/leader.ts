import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { AdminLevel } from "./enums";

/** 领导干部: a leader who receives petitioners (领导接访) or leads a backlog case (包案). */
@Entity("leader")
@ObjectType({ description: "领导干部: a leader who receives petitioners" })
@Directive('@key(fields: "id")')
export class Leader {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: "varchar", length: 50 })
  @Field(() => String)
  name: string;

  /** the office held, e.g. 副县长 */
  @Column({ type: "varchar", length: 100 })
  @Field(() => String)
  title: string;

  @Column({ type: "varchar", length: 16 })
  @Field(() => AdminLevel)
  level: AdminLevel;

  /** the town a town- or village-level leader serves; null for county leaders */
  @Column({ name: "town_id", type: "int", nullable: true })
  townId: number | null;

  /** the village a village-level leader (村"两委" head) serves; null for the other levels */
  @Column({ name: "village_id", type: "int", nullable: true })
  villageId: number | null;
}
