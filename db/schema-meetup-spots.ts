import type { ColumnType } from "kysely";

/** Safe meetup spots and an order's chosen one (migrations/0024_meetup_spots.ts). */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;

export interface MeetupSpotsTable {
  id: string;
  name: string;
  /** Where, in words ("Outside the Hollywood library, by the bike racks"). Never a precise point. */
  area: string;
  hours: string;
  placeName: string;
  latitude: number;
  longitude: number;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  createdBy: NullableText;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

/** Exactly one of meetupSpotId and retailerId is set (a check constraint). */
export interface OrderMeetupSpotsTable {
  orderId: string;
  meetupSpotId: NullableText;
  retailerId: NullableText;
  chosenBy: NullableText;
  chosenAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MeetupSpotsTables {
  meetupSpots: MeetupSpotsTable;
  orderMeetupSpots: OrderMeetupSpotsTable;
}
