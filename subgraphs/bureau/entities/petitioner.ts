import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** 信访人: a person who brings a petition. Personal data: never logged. */
@Entity("petitioner")
@ObjectType({ description: "信访人: a petitioner" })
@Directive('@key(fields: "id")')
export class Petitioner {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  /** personal data: the resolver masks it */
  @Column({ type: "varchar", length: 50 })
  name: string;

  /** mainland resident ID number (18 characters); personal data */
  @Column({ name: "id_number", type: "varchar", length: 18, nullable: true })
  idNumber: string | null;

  /** personal data */
  @Column({ type: "varchar", length: 20, nullable: true })
  phone: string | null;

  @Column({ name: "town_id", type: "int", nullable: true })
  townId: number | null;

  @Column({ type: "int", default: 1 })
  @Field(() => Int, { description: "the version a correction (correctPetitioner) must name" })
  version: number;
}

/** Which petitioners brought which petition. */
@Entity("petition_petitioner")
export class PetitionPetitioner {
  @Column({ name: "petition_id", type: "int", primary: true })
  petitionId: number;

  @Column({ name: "petitioner_id", type: "int", primary: true })
  petitionerId: number;
}
