import { wireEffects } from "~/wiring/effects.server";

// The app's wiring, as app/entry.server.tsx does it: every effect a transition returns has its handler.
wireEffects();
