/**
 * The installable app's build steps (ADR 044), run by npm around `remix build`:
 *
 *   prebuild  `tsx scripts/build-pwa.ts assets`: the icons (PNG, drawn by sharp from
 *             app/pwa/icon.svg) and public/manifest.webmanifest, its colours read from the
 *             brand colours in app/styles/design.css (the light theme's tokens) so the two never drift apart.
 *   postbuild `tsx scripts/build-pwa.ts service-worker`: public/sw.js from app/pwa/service-worker.js
 *             with the list of files to precache (the app shell the build just wrote under
 *             public/build, the offline page, the icons and the manifest).
 *
 * All outputs are generated (git-ignored), like public/build itself.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

const root = path.resolve(import.meta.dirname, "..");
const publicDir = path.join(root, "public");
const ICON_SIZES = [192, 512] as const;
/** Chromium precaches nothing larger than this by default in Workbox either: a big file stays network-only. */
const MAX_PRECACHE_BYTES = 2 * 1024 * 1024;

async function brandColours(): Promise<{ brand: string; paper: string }> {
  // The first declaration of each token is the light theme's (the dark theme overrides it below).
  const css = await fs.readFile(path.join(root, "app/styles/design.css"), "utf8");
  const read = (name: string) => {
    const match = new RegExp(`--color-${name}:\\s*(#[0-9a-fA-F]{3,8})\\s*;`).exec(css);
    if (!match) throw new Error(`app/styles/design.css has no --color-${name} colour`);
    return match[1]!;
  };
  return { brand: read("brand"), paper: read("paper") };
}

async function buildAssets(): Promise<void> {
  const svg = await fs.readFile(path.join(root, "app/pwa/icon.svg"));
  const iconsDir = path.join(publicDir, "icons");
  await fs.mkdir(iconsDir, { recursive: true });
  for (const size of ICON_SIZES) {
    await sharp(svg, { density: 300 })
      .resize(size, size)
      .png()
      .toFile(path.join(iconsDir, `icon-${size}.png`));
  }
  await sharp(svg, { density: 300 }).resize(180, 180).png().toFile(path.join(iconsDir, "apple-touch-icon.png"));

  const { brand, paper } = await brandColours();
  const manifest = {
    id: "/",
    name: "Stoop — the neighbourhood garage sale",
    short_name: "Stoop",
    description: "Buy and sell used things with your neighbours, with local shops lending a hand.",
    lang: "en",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: brand,
    background_color: paper,
    icons: [
      ...ICON_SIZES.map((size) => ({ src: `/icons/icon-${size}.png`, sizes: `${size}x${size}`, type: "image/png" })),
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
    shortcuts: [
      {
        name: "Sell something",
        short_name: "Sell",
        url: "/listings/new",
        icons: [{ src: "/icons/icon-192.png", sizes: "192x192" }],
      },
      {
        name: "Messages",
        short_name: "Messages",
        url: "/messages",
        icons: [{ src: "/icons/icon-192.png", sizes: "192x192" }],
      },
    ],
  };
  await fs.writeFile(path.join(publicDir, "manifest.webmanifest"), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`PWA assets: ${ICON_SIZES.length + 1} icons and manifest.webmanifest (theme ${brand})`);
}

/**
 * The app shell, read from the route manifest the compiler wrote: the manifest itself, the entry
 * and the root route with the chunks they import, and the style sheets. Each page's own chunks are
 * cached the first time they are used, so a first visit on a phone does not download every page.
 */
async function appShellFiles(): Promise<string[]> {
  const buildDir = path.join(publicDir, "build");
  const manifestName = (await fs.readdir(buildDir)).find((name) => /^manifest-[A-Z0-9]+\.js$/.test(name));
  if (!manifestName) throw new Error("public/build has no route manifest: run remix build first");
  const text = await fs.readFile(path.join(buildDir, manifestName), "utf8");
  const manifest = JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as {
    entry: { module: string; imports?: string[] };
    routes: { root: { module: string; imports?: string[] } };
  };
  const urls = [
    `/build/${manifestName}`,
    manifest.entry.module,
    ...(manifest.entry.imports ?? []),
    manifest.routes.root.module,
    ...(manifest.routes.root.imports ?? []),
  ];
  const styles = (await fs.readdir(path.join(buildDir, "_assets"))).filter((name) => name.endsWith(".css"));
  return [...new Set(urls), ...styles.map((name) => `/build/_assets/${name}`)].map((url) => path.join(publicDir, url));
}

async function buildServiceWorker(): Promise<void> {
  const buildFiles = await appShellFiles();
  const fixed = ["offline.html", "manifest.webmanifest", ...ICON_SIZES.map((size) => `icons/icon-${size}.png`)].map(
    (file) => path.join(publicDir, file),
  );
  const hash = createHash("sha256");
  const precache: string[] = [];
  for (const file of [...fixed, ...buildFiles]) {
    const content = await fs.readFile(file);
    if (content.length > MAX_PRECACHE_BYTES) continue;
    const url = `/${path.relative(publicDir, file).split(path.sep).join("/")}`;
    hash.update(url).update(content);
    precache.push(url);
  }
  const source = await fs.readFile(path.join(root, "app/pwa/service-worker.js"), "utf8");
  const worker = source
    .replace('"__VERSION__"', JSON.stringify(hash.digest("hex").slice(0, 16)))
    .replace("/* __PRECACHE__ */ []", JSON.stringify(precache));
  if (worker === source) throw new Error("app/pwa/service-worker.js lost its __VERSION__ or __PRECACHE__ marker");
  await fs.writeFile(path.join(publicDir, "sw.js"), worker);
  console.log(`PWA service worker: public/sw.js precaches ${precache.length} files`);
}

const step = process.argv[2];
if (step === "assets") await buildAssets();
else if (step === "service-worker") await buildServiceWorker();
else throw new Error("usage: tsx scripts/build-pwa.ts assets|service-worker");
