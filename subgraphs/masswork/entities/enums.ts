import { registerEnumType } from "type-graphql";

/** The three levels of the mass-work network: county, town (镇) and village (村). */
export enum AdminLevel {
  COUNTY = "COUNTY",
  TOWN = "TOWN",
  VILLAGE = "VILLAGE",
}
registerEnumType(AdminLevel, {
  name: "AdminLevel",
  description: "县/镇/村: a level of the mass-work network",
});

/** Where a screened dispute stands: found, settled (化解) or sharpened (激化). */
export enum RiskStatus {
  OPEN = "OPEN",
  RESOLVED = "RESOLVED",
  ESCALATED = "ESCALATED",
}
registerEnumType(RiskStatus, { name: "RiskStatus" });
