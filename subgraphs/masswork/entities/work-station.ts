import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { AdminLevel } from "./enums";

/** 群众工作站 (town) or 群众工作室 (village): where people bring matters close to home. */
@Entity("work_station")
@ObjectType({ description: "群众工作站/室: a town work station or a village work room" })
@Directive('@key(fields: "id")')
export class WorkStation {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: "varchar", length: 100 })
  @Field(() => String)
  name: string;

  /** TOWN or VILLAGE */
  @Column({ type: "varchar", length: 16 })
  @Field(() => AdminLevel)
  level: AdminLevel;

  @Column({ name: "town_id", type: "int" })
  townId: number;

  /** the village of a village work room; null for a town's work station */
  @Column({ name: "village_id", type: "int", nullable: true })
  villageId: number | null;
}
