import type { Migration } from "kysely";
import * as accounts from "./0001_accounts";
import * as notifications from "./0002_notifications";
import * as listings from "./0003_listings";
import * as accountSecurity from "./0004_account_security";
import * as payments from "./0005_payments";
import * as orders from "./0006_orders";
import * as auditLog from "./0007_audit_log";
import * as offers from "./0008_offers";
import * as retailers from "./0009_retailers";
import * as community from "./0010_community";
import * as moderation from "./0011_moderation";
import * as disputes from "./0012_disputes";
import * as listingsPerformance from "./0013_listings_performance";
import * as communityModeration from "./0014_community_moderation";
import * as serviceReviews from "./0015_service_reviews";
import * as retailerConversations from "./0016_retailer_conversations";
import * as suspendedMembersIndex from "./0017_suspended_members_index";
import * as reviewReplies from "./0018_review_replies";
import * as moneyLedger from "./0019_money_ledger";
import * as disputeEvents from "./0020_dispute_events";
import * as payoutAccounts from "./0021_payout_accounts";
import * as orderHandovers from "./0022_order_handovers";
import * as pickupWindows from "./0023_pickup_windows";
import * as meetupSpots from "./0024_meetup_spots";
import * as wanted from "./0025_wanted";
import * as follows from "./0026_follows";
import * as serviceOrders from "./0027_service_orders";
import * as itemPassports from "./0028_item_passports";
import * as feedRecentScan from "./0030_feed_recent_scan";
import * as insights from "./0031_insights";
import * as pushSubscriptions from "./0032_push_subscriptions";
import * as liveEvents from "./0033_live_events";
import * as searchCategoryPlace from "./0034_search_category_place";
import * as followsByFollower from "./0036_follows_by_follower";
import * as insightsIncremental from "./0037_insights_incremental";
import * as pushDeliveries from "./0038_push_deliveries";

/**
 * Every migration, in order. Listed statically (not discovered on disk) so the same list works
 * under tsx, vitest and any bundler; a unit test checks that no file in this folder is missing.
 */
export const migrations: Record<string, Migration> = {
  "0001_accounts": accounts,
  "0002_notifications": notifications,
  "0003_listings": listings,
  "0004_account_security": accountSecurity,
  "0005_payments": payments,
  "0006_orders": orders,
  "0007_audit_log": auditLog,
  "0008_offers": offers,
  "0009_retailers": retailers,
  "0010_community": community,
  "0011_moderation": moderation,
  "0012_disputes": disputes,
  "0013_listings_performance": listingsPerformance,
  "0014_community_moderation": communityModeration,
  "0015_service_reviews": serviceReviews,
  "0016_retailer_conversations": retailerConversations,
  "0017_suspended_members_index": suspendedMembersIndex,
  "0018_review_replies": reviewReplies,
  "0019_money_ledger": moneyLedger,
  "0020_dispute_events": disputeEvents,
  "0021_payout_accounts": payoutAccounts,
  "0022_order_handovers": orderHandovers,
  "0023_pickup_windows": pickupWindows,
  "0024_meetup_spots": meetupSpots,
  "0025_wanted": wanted,
  "0026_follows": follows,
  "0027_service_orders": serviceOrders,
  "0028_item_passports": itemPassports,
  "0030_feed_recent_scan": feedRecentScan,
  "0031_insights": insights,
  "0032_push_subscriptions": pushSubscriptions,
  "0033_live_events": liveEvents,
  "0034_search_category_place": searchCategoryPlace,
  "0036_follows_by_follower": followsByFollower,
  "0037_insights_incremental": insightsIncremental,
  "0038_push_deliveries": pushDeliveries,
};
