import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** 镇: a town of the county; the bureau's and service center's records refer to it by id. */
@Entity("town")
@ObjectType({ description: "镇: a town of the county" })
@Directive('@key(fields: "id")')
export class Town {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: "varchar", length: 50 })
  @Field(() => String)
  name: string;
}
