import type { Insertable, Kysely } from "kysely";
import sharp from "sharp";
import { newId } from "../app/lib/ids.server";
import { resolvePlace } from "../app/modules/listings/location.server";
import {
  deleteStoredPhotos,
  preparePhoto,
  variantKey,
  type PreparedPhoto,
} from "../app/modules/listings/photos.server";
import type { PhotoStorage } from "../app/modules/listings/storage.server";
import { createUser } from "../tests/support/factories";
import type { Database } from "./schema";
import { demoPictureSvg } from "./seed-pictures";
import type { Condition, ListingPhotosTable, ListingStatus, ListingsTable } from "./schema-listings";
import { transaction } from "./transaction";

/**
 * The demo community: ~30 neighbours in and around Portland, OR with ~300 listings across the
 * categories, photos drawn offline with sharp (an illustrated object per category, two variants
 * each, copied per listing so each listing owns its files). Deterministic: the same run makes the same community.
 */

const FIRST = [
  "Maya",
  "Liam",
  "Priya",
  "Noah",
  "Sofia",
  "Mateo",
  "Hana",
  "Oliver",
  "Amara",
  "Ethan",
  "Yuki",
  "Lucas",
  "Zara",
  "Jonas",
  "Ines",
  "Omar",
  "Greta",
  "Diego",
  "Leila",
  "Felix",
  "Nora",
  "Kofi",
  "Elena",
  "Sam",
  "Aisha",
  "Theo",
  "Mira",
  "Jack",
  "Lena",
  "Ravi",
];
const LAST = ["Chen", "Okafor", "Patel", "Garcia", "Nguyen", "Kowalski", "Silva", "Haddad", "Berg", "Murphy"];
const PLACES = [
  "97214",
  "97202",
  "97209",
  "97211",
  "97217",
  "97230",
  "97035",
  "97005",
  "97222",
  "98660",
  "97201",
  "97212",
];

// [category, items]: each item is [name, typical price in dollars].
export const CATALOGUE: [string, [string, number][]][] = [
  [
    "sofas-chairs",
    [
      ["Mid-century armchair", 120],
      ["Grey three-seater sofa", 250],
      ["Rocking chair", 60],
      ["Leather ottoman", 45],
    ],
  ],
  [
    "tables-desks",
    [
      ["Oak dining table", 180],
      ["Standing desk", 150],
      ["Folding side table", 20],
      ["Pine coffee table", 40],
    ],
  ],
  [
    "storage",
    [
      ["IKEA Kallax shelf", 35],
      ["Oak bookshelf", 70],
      ["Shoe rack", 10],
      ["Chest of drawers", 90],
    ],
  ],
  [
    "beds",
    [
      ["Queen bed frame", 120],
      ["Memory foam mattress topper", 30],
      ["Bunk bed", 150],
    ],
  ],
  [
    "phones",
    [
      ["iPhone 12, 128 GB", 260],
      ["Pixel 6a", 160],
      ["Samsung Galaxy S21", 210],
      ["Old Nokia phone", 15],
    ],
  ],
  [
    "computers",
    [
      ["ThinkPad T480 laptop", 240],
      ["MacBook Air 2017", 280],
      ["27-inch monitor", 90],
      ["Mechanical keyboard", 45],
    ],
  ],
  [
    "audio",
    [
      ["Bluetooth speaker", 35],
      ["Turntable", 110],
      ["Studio headphones", 60],
      ["Bookshelf speakers", 80],
    ],
  ],
  [
    "tv-video",
    [
      ["43-inch TV", 120],
      ["Projector", 95],
      ["Streaming stick", 15],
    ],
  ],
  [
    "cameras",
    [
      ["Canon DSLR with kit lens", 250],
      ["35 mm film camera", 70],
      ["Tripod", 25],
    ],
  ],
  [
    "gaming",
    [
      ["Nintendo Switch", 190],
      ["PS4 with two controllers", 150],
      ["Box of board game expansions", 30],
    ],
  ],
  [
    "bikes",
    [
      ["Blue road bike", 280],
      ["Kids bike, 16 inch", 45],
      ["Cargo bike", 900],
      ["Mountain bike", 350],
      ["Bike trailer", 80],
    ],
  ],
  [
    "fitness",
    [
      ["Yoga mat", 10],
      ["Adjustable dumbbells", 120],
      ["Rowing machine", 300],
    ],
  ],
  [
    "camping",
    [
      ["Four-person tent", 90],
      ["Sleeping bag", 35],
      ["Camping stove", 25],
    ],
  ],
  [
    "winter-sports",
    [
      ["Snowboard with bindings", 160],
      ["Ski boots, size 27", 60],
    ],
  ],
  [
    "womens",
    [
      ["Wool winter coat", 60],
      ["Rain jacket", 35],
      ["Summer dress", 15],
    ],
  ],
  [
    "mens",
    [
      ["Denim jacket", 30],
      ["Wool sweater", 25],
      ["Suit, 40R", 70],
    ],
  ],
  [
    "shoes",
    [
      ["Hiking boots, size 9", 45],
      ["Running shoes, size 10", 30],
    ],
  ],
  [
    "bags-accessories",
    [
      ["Leather backpack", 50],
      ["Canvas tote bag", 8],
    ],
  ],
  [
    "toys",
    [
      ["Wooden train set", 30],
      ["LEGO bucket", 40],
      ["Dollhouse", 55],
    ],
  ],
  [
    "strollers",
    [
      ["Jogging stroller", 120],
      ["Infant car seat", 50],
    ],
  ],
  [
    "kids-clothing",
    [
      ["Bag of baby clothes, 0-6 months", 15],
      ["Kids snow suit", 20],
    ],
  ],
  [
    "nursery",
    [
      ["Crib with mattress", 110],
      ["Changing table", 40],
    ],
  ],
  [
    "kitchen",
    [
      ["Cast iron skillet", 20],
      ["Stand mixer", 180],
      ["Set of six plates", 15],
      ["Espresso machine", 120],
    ],
  ],
  [
    "decor",
    [
      ["Brass floor lamp", 45],
      ["Large mirror", 60],
      ["Framed poster", 20],
    ],
  ],
  [
    "garden",
    [
      ["Lawn mower", 110],
      ["Patio chairs, set of 4", 80],
      ["Terracotta pots", 12],
    ],
  ],
  [
    "bedding",
    [
      ["Queen duvet", 30],
      ["Bath towels, set", 10],
    ],
  ],
  [
    "power-tools",
    [
      ["Cordless drill", 55],
      ["Circular saw", 60],
      ["Orbital sander", 35],
    ],
  ],
  [
    "hand-tools",
    [
      ["Socket wrench set", 30],
      ["Toolbox with hand tools", 40],
    ],
  ],
  [
    "workshop",
    [
      ["Workbench", 90],
      ["Shop vac", 45],
    ],
  ],
  [
    "books",
    [
      ["Box of paperback novels", 15],
      ["Cookbook collection", 20],
      ["Children's picture books", 10],
    ],
  ],
  [
    "music-media",
    [
      ["Jazz vinyl records", 40],
      ["CD collection", 15],
    ],
  ],
  ["movies", [["DVD box set", 12]]],
  [
    "board-games",
    [
      ["Catan", 20],
      ["1000-piece puzzle", 6],
      ["Chess set", 25],
    ],
  ],
  [
    "guitars",
    [
      ["Acoustic guitar", 140],
      ["Electric bass", 220],
    ],
  ],
  [
    "keyboards",
    [
      ["Digital piano", 300],
      ["MIDI keyboard", 60],
    ],
  ],
  [
    "drums",
    [
      ["Cajón", 55],
      ["Practice pad and sticks", 15],
    ],
  ],
  [
    "music-gear",
    [
      ["Guitar amp", 90],
      ["Microphone stand", 15],
    ],
  ],
  [
    "art",
    [
      ["Watercolour painting", 80],
      ["Ceramic vase", 30],
    ],
  ],
  [
    "antiques",
    [
      ["Antique mantel clock", 95],
      ["Vintage suitcase", 40],
    ],
  ],
  [
    "cards-coins",
    [
      ["Baseball card binder", 50],
      ["Stamp album", 35],
    ],
  ],
  [
    "large-appliances",
    [
      ["Washing machine", 200],
      ["Mini fridge", 70],
    ],
  ],
  [
    "small-appliances",
    [
      ["Toaster", 10],
      ["Microwave", 35],
      ["Vacuum cleaner", 60],
    ],
  ],
  [
    "heating-cooling",
    [
      ["Oil heater", 30],
      ["Window fan", 20],
      ["Portable air conditioner", 150],
    ],
  ],
];
const ADJECTIVES = ["", "", "Barely used ", "Well-loved ", "Vintage ", "Sturdy ", "Like-new "];
const CONDITIONS: Condition[] = ["new_with_tags", "like_new", "good", "good", "good", "fair", "for_parts"];
const DESCRIPTIONS = [
  "Moving out at the end of the month, so this has to go. Pickup from my porch any evening.",
  "Works perfectly. A few scratches from normal use, see the photos.",
  "Our kids outgrew it. Smoke-free, pet-free home.",
  "Bought it last year and barely used it. Comes with the original box.",
  "Needs a little love but otherwise solid. Priced to go quickly.",
  "Happy to answer questions. Cash or through Stoop checkout.",
];

function describe(next: () => number): string {
  const first = Math.floor(next() * DESCRIPTIONS.length);
  const second = (first + 1 + Math.floor(next() * (DESCRIPTIONS.length - 1))) % DESCRIPTIONS.length;
  return `${DESCRIPTIONS[first]} ${DESCRIPTIONS[second]}`;
}

/** A small deterministic PRNG (mulberry32), so the demo community is the same every time. */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A category's picture (seed-pictures.ts draws it), rendered once per run and shared by its listings. */
function pictureCache() {
  const drawn = new Map<string, Promise<PreparedPhoto>>();
  return (categoryId: string, variant: number): Promise<PreparedPhoto> => {
    const key = `${categoryId}:${variant}`;
    let picture = drawn.get(key);
    if (!picture) {
      picture = sharp(Buffer.from(demoPictureSvg(categoryId, variant)))
        .jpeg({ quality: 85 })
        .toBuffer()
        .then((jpeg) => preparePhoto(jpeg, `demo-${key}.jpg`));
      drawn.set(key, picture);
    }
    return picture;
  };
}

export const DEMO_NEIGHBOUR_DOMAIN = "neighbours.demo.stoop.local";

/**
 * Adds the neighbours and their listings once: if any neighbour account exists, it does nothing.
 * `extraSellerIds` (the demo members) get a few listings too.
 */
export async function seedDemoListings(
  db: Kysely<Database>,
  storage: PhotoStorage,
  options: {
    password: string;
    extraSellerIds?: string[];
    listings?: number;
    /** Distinct pictures per category (default 2). */
    pictures?: number;
  } = { password: "" },
): Promise<{ created: number }> {
  const existing = await db
    .selectFrom("users")
    .select("id")
    .where("email", "like", `%@${DEMO_NEIGHBOUR_DOMAIN}`)
    .executeTakeFirst();
  if (existing) return { created: 0 };

  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  // Each category's photos show its object (a bike for bikes…), in `pictures` variants; only the
  // pictures a listing uses are drawn.
  const variants = options.pictures ?? 2;
  const pictureOf = pictureCache();

  // Neighbours are made in the same transaction as the listings: all of them or none.
  const neighbours = FIRST.map((first, i) => {
    const last = LAST[i % LAST.length]!;
    return {
      email: `${first.toLowerCase()}.${last.toLowerCase()}@${DEMO_NEIGHBOUR_DOMAIN}`,
      displayName: `${first} ${last[0]}.`,
    };
  });
  const sellerSlots = [...(options.extraSellerIds ?? []), ...neighbours.map((_, i) => `neighbour:${i}`)];

  const places = PLACES.map((code) => resolvePlace(code)).filter((place) => place !== null);
  const total = options.listings ?? 300;
  const now = Date.now();
  const listingRows: Insertable<ListingsTable>[] = [];
  const photoRows: Insertable<ListingPhotosTable>[] = [];
  for (let i = 0; i < total; i++) {
    const [categoryId, items] = pick(CATALOGUE);
    const [name, price] = pick(items);
    const place = pick(places);
    const roll = next();
    const status: ListingStatus = roll < 0.85 ? "active" : roll < 0.92 ? "sold" : roll < 0.96 ? "draft" : "archived";
    const free = next() < 0.06;
    const shipping = price < 200 && !free && next() < 0.4;
    const id = newId();
    listingRows.push({
      id,
      sellerId: sellerSlots[i % sellerSlots.length]!,
      title: `${pick(ADJECTIVES)}${name}`.slice(0, 80),
      description: describe(next),
      categoryId,
      condition: pick(CONDITIONS),
      priceCents: free ? 0 : Math.max(100, Math.round((price * (0.6 + next() * 0.8)) / 5) * 500),
      pickup: !shipping || next() < 0.7,
      shipping,
      shippingCents: shipping ? 500 + Math.floor(next() * 4) * 250 : null,
      latitude: place.latitude,
      longitude: place.longitude,
      placeName: place.placeName,
      postalCode: place.postalCode,
      status,
      publishedAt: status === "draft" ? null : new Date(now - Math.floor(next() * 30 * 24 * 3600 * 1000)),
    });
    const photoCount = 1 + Math.floor(next() * 3);
    for (let position = 0; position < photoCount; position++) {
      const picture = await pictureOf(categoryId, (Math.floor(next() * variants) + position) % variants);
      const photoId = newId();
      const storageKey = `${id}/${photoId}`;
      for (const variant of picture.variants) {
        await storage.put(variantKey(storageKey, variant.width), variant.data, "image/webp");
      }
      photoRows.push({
        id: photoId,
        listingId: id,
        position,
        storageKey,
        width: picture.width,
        height: picture.height,
      });
    }
  }
  try {
    await transaction(db, async (trx) => {
      const neighbourIds: string[] = [];
      for (const neighbour of neighbours) {
        neighbourIds.push((await createUser(trx, { ...neighbour, password: options.password })).id);
      }
      const rows = listingRows.map((row) => ({
        ...row,
        sellerId: row.sellerId.startsWith("neighbour:") ? neighbourIds[Number(row.sellerId.slice(10))]! : row.sellerId,
      }));
      for (let start = 0; start < rows.length; start += 100) {
        await trx
          .insertInto("listings")
          .values(rows.slice(start, start + 100))
          .execute();
      }
      for (let start = 0; start < photoRows.length; start += 200) {
        await trx
          .insertInto("listingPhotos")
          .values(photoRows.slice(start, start + 200))
          .execute();
      }
    });
  } catch (error) {
    await deleteStoredPhotos(
      storage,
      photoRows.map((row) => row.storageKey),
    );
    throw error;
  }
  return { created: listingRows.length };
}
