import { Directive, Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** 社情民意: a digest of what people are raising, published for the county's leaders. */
@Entity("opinion_digest")
@ObjectType({ description: "社情民意: a public-opinion digest" })
@Directive('@key(fields: "id")')
export class OpinionDigest {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: "varchar", length: 200 })
  @Field(() => String)
  title: string;

  @Column({ type: "text" })
  @Field(() => String)
  summary: string;

  @Column({ name: "published_at", type: "datetime", precision: 3 })
  @Field(() => Date)
  publishedAt: Date;
}
