/**
 * The demo's listing photos: a simple illustrated object per category (a bike for bikes, a kettle
 * for kitchen…) drawn as SVG on a wall-and-floor backdrop, rendered offline by sharp. Deterministic:
 * the same category and variant always give the same picture. Variant 0 shows the whole object;
 * odd variants are a closer look on another backdrop, so a listing's second photo differs.
 */

interface Colours {
  /** The object's own colour, a darker shade of it, and a light accent. */
  main: string;
  dark: string;
  light: string;
}

const WOOD = "#a0703f";
const WOOD_DARK = "#6e4a27";
const METAL = "#8c939c";
const METAL_DARK = "#4b5058";
const INK = "#2c2f36";
const PAPER = "#f4efe4";

type Drawing = (c: Colours) => string;

const chair: Drawing = (c) => `
  <rect x="380" y="330" width="440" height="260" rx="40" fill="${c.main}"/>
  <rect x="330" y="470" width="540" height="150" rx="36" fill="${c.dark}"/>
  <rect x="300" y="420" width="110" height="210" rx="40" fill="${c.main}"/>
  <rect x="790" y="420" width="110" height="210" rx="40" fill="${c.main}"/>
  <rect x="420" y="480" width="360" height="70" rx="24" fill="${c.light}"/>
  <rect x="340" y="620" width="28" height="80" rx="8" fill="${WOOD_DARK}"/>
  <rect x="832" y="620" width="28" height="80" rx="8" fill="${WOOD_DARK}"/>`;

const table: Drawing = (c) => `
  <rect x="260" y="430" width="680" height="44" rx="10" fill="${c.main}"/>
  <rect x="280" y="474" width="640" height="28" fill="${c.dark}"/>
  <rect x="310" y="500" width="34" height="200" fill="${c.dark}"/>
  <rect x="856" y="500" width="34" height="200" fill="${c.dark}"/>
  <rect x="540" y="360" width="46" height="70" rx="8" fill="${c.light}"/>
  <circle cx="563" cy="330" r="40" fill="#5f9b53"/>`;

const bookColours = ["#c0392b", "#2e86ab", "#e1a730", "#3f7d4e", "#7b4b94", "#d3643b"];
const shelf: Drawing = (c) => {
  const rows = [250, 400, 550]
    .map((y, row) =>
      Array.from({ length: 7 }, (_, i) => {
        const h = 90 + ((i * 37 + row * 13) % 40);
        return `<rect x="${420 + i * 52}" y="${y + 130 - h}" width="44" height="${h}" fill="${bookColours[(i + row) % 6]}"/>`;
      }).join(""),
    )
    .join("");
  return `
  <rect x="390" y="200" width="420" height="500" fill="${c.dark}"/>
  <rect x="405" y="215" width="390" height="470" fill="${c.light}"/>${rows}
  ${[380, 530, 680].map((y) => `<rect x="405" y="${y}" width="390" height="16" fill="${c.main}"/>`).join("")}`;
};

const bed: Drawing = (c) => `
  <rect x="240" y="330" width="60" height="370" rx="12" fill="${WOOD}"/>
  <rect x="900" y="470" width="50" height="230" rx="12" fill="${WOOD}"/>
  <rect x="280" y="520" width="650" height="120" rx="16" fill="${PAPER}"/>
  <rect x="300" y="460" width="170" height="80" rx="30" fill="#ffffff"/>
  <rect x="470" y="490" width="460" height="130" rx="24" fill="${c.main}"/>
  <rect x="470" y="590" width="460" height="30" fill="${c.dark}"/>`;

const phone: Drawing = (c) => `
  <rect x="470" y="170" width="260" height="520" rx="44" fill="${INK}"/>
  <rect x="490" y="215" width="220" height="420" rx="16" fill="${c.light}"/>
  <rect x="510" y="240" width="80" height="80" rx="18" fill="${c.main}"/>
  <rect x="610" y="240" width="80" height="80" rx="18" fill="${c.dark}"/>
  <rect x="510" y="340" width="80" height="80" rx="18" fill="#e1a730"/>
  <rect x="610" y="340" width="80" height="80" rx="18" fill="#3f7d4e"/>
  <rect x="560" y="650" width="80" height="10" rx="5" fill="#666"/>`;

const laptop: Drawing = (c) => `
  <rect x="360" y="250" width="480" height="320" rx="20" fill="${INK}"/>
  <rect x="385" y="275" width="430" height="270" fill="${c.light}"/>
  <rect x="410" y="300" width="180" height="24" rx="6" fill="${c.main}"/>
  <rect x="410" y="340" width="320" height="14" rx="6" fill="${c.dark}"/>
  <rect x="410" y="366" width="280" height="14" rx="6" fill="${c.dark}"/>
  <path d="M300 600 L900 600 L860 570 L340 570 Z" fill="${METAL}"/>
  <rect x="300" y="600" width="600" height="20" rx="8" fill="${METAL_DARK}"/>`;

const speaker: Drawing = (c) => `
  <rect x="440" y="190" width="320" height="510" rx="28" fill="${c.dark}"/>
  <circle cx="600" cy="310" r="70" fill="${INK}"/><circle cx="600" cy="310" r="28" fill="${c.light}"/>
  <circle cx="600" cy="520" r="120" fill="${INK}"/><circle cx="600" cy="520" r="48" fill="${c.light}"/>
  <circle cx="600" cy="520" r="16" fill="${c.main}"/>`;

const tv: Drawing = (c) => `
  <rect x="250" y="210" width="700" height="420" rx="18" fill="${INK}"/>
  <rect x="275" y="235" width="650" height="370" fill="${c.light}"/>
  <path d="M275 605 L480 400 L600 520 L720 380 L925 605 Z" fill="${c.main}"/>
  <circle cx="800" cy="320" r="40" fill="#f2c14e"/>
  <rect x="560" y="630" width="80" height="40" fill="${METAL_DARK}"/>
  <rect x="460" y="670" width="280" height="24" rx="10" fill="${METAL_DARK}"/>`;

const camera: Drawing = (c) => `
  <rect x="330" y="330" width="540" height="320" rx="40" fill="${INK}"/>
  <rect x="420" y="280" width="150" height="70" rx="14" fill="${INK}"/>
  <rect x="330" y="400" width="540" height="60" fill="${c.main}"/>
  <circle cx="600" cy="490" r="130" fill="${METAL_DARK}"/>
  <circle cx="600" cy="490" r="95" fill="${INK}"/>
  <circle cx="600" cy="490" r="60" fill="${c.dark}"/>
  <circle cx="575" cy="465" r="18" fill="${c.light}"/>
  <rect x="760" y="350" width="70" height="30" rx="8" fill="${c.light}"/>`;

const gamepad: Drawing = (c) => `
  <path d="M380 380 Q600 330 820 380 Q930 420 910 590 Q890 680 800 640 L720 560 L480 560 L400 640 Q310 680 290 590 Q270 420 380 380 Z" fill="${c.main}"/>
  <rect x="380" y="440" width="110" height="36" rx="8" fill="${INK}"/>
  <rect x="417" y="403" width="36" height="110" rx="8" fill="${INK}"/>
  <circle cx="760" cy="420" r="22" fill="#e1a730"/><circle cx="810" cy="465" r="22" fill="#c0392b"/>
  <circle cx="710" cy="465" r="22" fill="#2e86ab"/><circle cx="760" cy="510" r="22" fill="#3f7d4e"/>
  <rect x="560" y="430" width="80" height="24" rx="12" fill="${c.dark}"/>`;

const wheel = (cx: number, cy: number) => `
  <circle cx="${cx}" cy="${cy}" r="140" fill="none" stroke="${INK}" stroke-width="24"/>
  <circle cx="${cx}" cy="${cy}" r="118" fill="none" stroke="${METAL}" stroke-width="6"/>
  ${[0, 30, 60, 90, 120, 150].map((a) => `<line x1="${cx + 118 * Math.cos((a * Math.PI) / 180)}" y1="${cy + 118 * Math.sin((a * Math.PI) / 180)}" x2="${cx - 118 * Math.cos((a * Math.PI) / 180)}" y2="${cy - 118 * Math.sin((a * Math.PI) / 180)}" stroke="${METAL}" stroke-width="3"/>`).join("")}
  <circle cx="${cx}" cy="${cy}" r="16" fill="${METAL_DARK}"/>`;
const bike: Drawing = (c) => `
  ${wheel(360, 540)}${wheel(840, 540)}
  <path d="M360 540 L520 370 L760 370 L600 540 Z M600 540 L520 370 M760 370 L840 540" fill="none" stroke="${c.main}" stroke-width="22" stroke-linejoin="round" stroke-linecap="round"/>
  <line x1="520" y1="370" x2="500" y2="320" stroke="${c.main}" stroke-width="20" stroke-linecap="round"/>
  <rect x="455" y="300" width="100" height="28" rx="14" fill="${INK}"/>
  <path d="M760 370 L745 300 L810 290" fill="none" stroke="${INK}" stroke-width="16" stroke-linecap="round"/>
  <circle cx="600" cy="540" r="30" fill="${c.dark}"/>`;

const dumbbell: Drawing = (c) => `
  <rect x="380" y="500" width="440" height="40" rx="16" fill="${METAL}"/>
  <rect x="330" y="410" width="70" height="220" rx="18" fill="${c.dark}"/>
  <rect x="400" y="430" width="50" height="180" rx="14" fill="${c.main}"/>
  <rect x="800" y="410" width="70" height="220" rx="18" fill="${c.dark}"/>
  <rect x="750" y="430" width="50" height="180" rx="14" fill="${c.main}"/>`;

const tent: Drawing = (c) => `
  <path d="M250 690 L600 250 L950 690 Z" fill="${c.main}"/>
  <path d="M600 250 L950 690 L780 690 Z" fill="${c.dark}"/>
  <path d="M520 690 L600 440 L680 690 Z" fill="${INK}"/>
  <line x1="600" y1="250" x2="600" y2="200" stroke="${WOOD_DARK}" stroke-width="12"/>
  <path d="M600 210 L660 230 L600 250" fill="#f2c14e"/>`;

const skis: Drawing = (c) => `
  <g transform="rotate(-14 600 450)"><rect x="520" y="160" width="60" height="560" rx="30" fill="${c.main}"/>
  <rect x="532" y="420" width="36" height="70" rx="8" fill="${INK}"/></g>
  <g transform="rotate(14 600 450)"><rect x="620" y="160" width="60" height="560" rx="30" fill="${c.dark}"/>
  <rect x="632" y="420" width="36" height="70" rx="8" fill="${INK}"/></g>
  <line x1="380" y1="220" x2="460" y2="700" stroke="${METAL_DARK}" stroke-width="10"/>
  <line x1="820" y1="220" x2="740" y2="700" stroke="${METAL_DARK}" stroke-width="10"/>`;

const hanger = `<path d="M600 150 q-30 0 -30 28 M600 178 L470 250 L730 250 Z" fill="none" stroke="${METAL_DARK}" stroke-width="8" stroke-linejoin="round"/>`;
const dress: Drawing = (c) => `${hanger}
  <path d="M520 250 L680 250 L660 380 L800 690 L400 690 L540 380 Z" fill="${c.main}"/>
  <rect x="535" y="370" width="130" height="26" fill="${c.dark}"/>
  <path d="M450 600 Q600 640 750 600" fill="none" stroke="${c.light}" stroke-width="10"/>`;

const jacket: Drawing = (c) => `${hanger}
  <path d="M470 250 L730 250 L860 330 L880 640 L800 640 L790 420 L780 690 L420 690 L410 420 L400 640 L320 640 L340 330 Z" fill="${c.main}"/>
  <path d="M540 250 L600 360 L660 250" fill="${c.light}"/>
  <line x1="600" y1="360" x2="600" y2="690" stroke="${c.dark}" stroke-width="8"/>
  ${[420, 500, 580].map((y) => `<circle cx="625" cy="${y}" r="10" fill="${c.dark}"/>`).join("")}
  <rect x="460" y="520" width="90" height="14" rx="6" fill="${c.dark}"/>
  <rect x="650" y="520" width="90" height="14" rx="6" fill="${c.dark}"/>`;

const shoe: Drawing = (c) => `
  <path d="M300 640 L300 470 Q300 420 360 430 L520 460 Q600 540 760 560 Q900 580 900 640 Z" fill="${c.main}"/>
  <rect x="290" y="630" width="620" height="50" rx="22" fill="${PAPER}"/>
  <path d="M420 450 L560 520" stroke="${c.light}" stroke-width="12" stroke-linecap="round"/>
  ${[470, 510, 550].map((x) => `<line x1="${x}" y1="${470 + (x - 470) * 0.5}" x2="${x + 40}" y2="${450 + (x - 470) * 0.5}" stroke="${PAPER}" stroke-width="8"/>`).join("")}
  <path d="M600 580 Q760 600 880 620" fill="none" stroke="${c.dark}" stroke-width="10"/>`;

const bag: Drawing = (c) => `
  <path d="M480 380 Q480 250 600 250 Q720 250 720 380" fill="none" stroke="${c.dark}" stroke-width="26"/>
  <path d="M380 380 L820 380 L860 690 L340 690 Z" fill="${c.main}"/>
  <rect x="380" y="380" width="440" height="80" fill="${c.dark}"/>
  <rect x="570" y="440" width="60" height="50" rx="8" fill="#e1b24a"/>`;

const teddy: Drawing = (c) => `
  <circle cx="480" cy="240" r="55" fill="${c.dark}"/><circle cx="720" cy="240" r="55" fill="${c.dark}"/>
  <circle cx="600" cy="320" r="140" fill="${c.main}"/>
  <ellipse cx="600" cy="560" rx="170" ry="150" fill="${c.main}"/>
  <ellipse cx="600" cy="570" rx="95" ry="90" fill="${c.light}"/>
  <ellipse cx="600" cy="370" rx="60" ry="45" fill="${c.light}"/>
  <circle cx="550" cy="300" r="14" fill="${INK}"/><circle cx="650" cy="300" r="14" fill="${INK}"/>
  <ellipse cx="600" cy="355" rx="22" ry="15" fill="${INK}"/>
  <circle cx="440" cy="640" r="60" fill="${c.dark}"/><circle cx="760" cy="640" r="60" fill="${c.dark}"/>`;

const stroller: Drawing = (c) => `
  <path d="M400 280 A240 240 0 0 1 640 520 L400 520 Z" fill="${c.main}"/>
  <path d="M400 280 A240 240 0 0 1 560 340 L400 520 Z" fill="${c.dark}"/>
  <rect x="380" y="500" width="420" height="90" rx="40" fill="${c.main}"/>
  <path d="M790 520 L860 300 L920 300" fill="none" stroke="${INK}" stroke-width="16" stroke-linecap="round"/>
  <circle cx="450" cy="650" r="50" fill="${INK}"/><circle cx="450" cy="650" r="18" fill="${METAL}"/>
  <circle cx="740" cy="650" r="50" fill="${INK}"/><circle cx="740" cy="650" r="18" fill="${METAL}"/>`;

const tshirt: Drawing = (c) => `
  <path d="M480 240 L540 240 Q600 290 660 240 L720 240 L880 340 L820 440 L750 400 L750 690 L450 690 L450 400 L380 440 L320 340 Z" fill="${c.main}"/>
  <path d="M540 240 Q600 290 660 240" fill="none" stroke="${c.dark}" stroke-width="14"/>
  <circle cx="600" cy="500" r="70" fill="${c.light}"/>
  <path d="M570 500 l20 20 l40 -45" fill="none" stroke="${c.dark}" stroke-width="14" stroke-linecap="round"/>`;

const crib: Drawing = (c) => `
  <rect x="300" y="300" width="600" height="30" rx="12" fill="${c.main}"/>
  <rect x="300" y="560" width="600" height="30" rx="12" fill="${c.main}"/>
  ${Array.from({ length: 11 }, (_, i) => `<rect x="${330 + i * 52}" y="330" width="16" height="230" fill="${c.light}"/>`).join("")}
  <rect x="290" y="280" width="36" height="420" rx="12" fill="${c.dark}"/>
  <rect x="874" y="280" width="36" height="420" rx="12" fill="${c.dark}"/>
  <path d="M560 160 L560 260 M520 200 L600 200" stroke="${METAL_DARK}" stroke-width="6"/>
  <circle cx="520" cy="230" r="20" fill="#f2c14e"/><circle cx="600" cy="230" r="20" fill="#e07a9b"/>`;

const kettle: Drawing = (c) => `
  <path d="M420 680 L440 420 Q450 330 600 330 Q750 330 760 420 L780 680 Z" fill="${c.main}"/>
  <path d="M440 420 L340 330 L330 360 L430 480" fill="${c.main}"/>
  <path d="M500 330 Q500 220 600 220 Q700 220 700 330" fill="none" stroke="${INK}" stroke-width="28"/>
  <rect x="560" y="300" width="80" height="30" rx="10" fill="${INK}"/>
  <rect x="410" y="660" width="380" height="30" rx="10" fill="${c.dark}"/>
  <ellipse cx="540" cy="450" rx="30" ry="70" fill="${c.light}" opacity="0.6"/>`;

const lamp: Drawing = (c) => `
  <path d="M470 200 L730 200 L800 400 L400 400 Z" fill="${c.main}"/>
  <path d="M470 200 L520 200 L460 400 L400 400 Z" fill="${c.light}" opacity="0.6"/>
  <rect x="588" y="400" width="24" height="240" fill="${METAL_DARK}"/>
  <ellipse cx="600" cy="680" rx="130" ry="26" fill="${c.dark}"/>
  <rect x="480" y="640" width="240" height="44" rx="18" fill="${c.dark}"/>
  <path d="M420 420 L380 520 M600 420 L600 520 M780 420 L820 520" stroke="#f7d774" stroke-width="10" stroke-linecap="round" opacity="0.8"/>`;

const plant: Drawing = (c) => `
  ${[
    [600, 250, 0],
    [500, 320, -35],
    [700, 320, 35],
    [450, 420, -60],
    [750, 420, 60],
  ]
    .map(
      ([x, y, r]) =>
        `<ellipse cx="${x}" cy="${y}" rx="50" ry="120" transform="rotate(${r} ${x} ${y})" fill="${r === 0 ? "#3f7d4e" : "#5f9b53"}"/>`,
    )
    .join("")}
  <rect x="590" y="350" width="20" height="200" fill="#3f7d4e"/>
  <path d="M450 520 L750 520 L710 700 L490 700 Z" fill="${c.main}"/>
  <rect x="430" y="500" width="340" height="50" rx="12" fill="${c.dark}"/>`;

const pillows: Drawing = (c) => `
  <rect x="330" y="560" width="540" height="130" rx="50" fill="${c.dark}"/>
  <rect x="360" y="450" width="480" height="130" rx="50" fill="${c.main}"/>
  <rect x="400" y="345" width="400" height="120" rx="50" fill="${c.light}"/>
  <path d="M380 620 L820 620" stroke="${c.light}" stroke-width="8" stroke-dasharray="20 16"/>`;

const drill: Drawing = (c) => `
  <rect x="330" y="300" width="400" height="150" rx="50" fill="${c.main}"/>
  <rect x="730" y="345" width="90" height="60" fill="${METAL_DARK}"/>
  <path d="M820 360 L930 375 L820 390 Z" fill="${METAL}"/>
  <path d="M440 440 L560 440 L540 620 L420 620 Z" fill="${c.dark}"/>
  <rect x="390" y="610" width="200" height="90" rx="18" fill="${INK}"/>
  <rect x="555" y="460" width="30" height="50" rx="10" fill="${INK}"/>
  <circle cx="420" cy="375" r="30" fill="${c.light}"/>`;

const handTools: Drawing = (c) => `
  <g transform="rotate(-30 600 450)">
    <rect x="570" y="300" width="56" height="420" rx="20" fill="${WOOD}"/>
    <path d="M470 230 L760 230 L760 300 L470 300 Q440 265 470 230 Z" fill="${METAL_DARK}"/>
  </g>
  <g transform="rotate(35 600 450)">
    <rect x="580" y="280" width="44" height="400" rx="18" fill="${c.main}"/>
    <circle cx="602" cy="250" r="64" fill="${METAL}"/><rect x="580" y="180" width="44" height="80" fill="none"/>
    <rect x="584" y="186" width="36" height="70" fill="${PAPER}"/>
  </g>`;

const toolbox: Drawing = (c) => `
  <path d="M500 370 L500 300 L700 300 L700 370" fill="none" stroke="${INK}" stroke-width="26"/>
  <rect x="300" y="370" width="600" height="320" rx="24" fill="${c.main}"/>
  <rect x="300" y="370" width="600" height="90" rx="24" fill="${c.dark}"/>
  <rect x="560" y="440" width="80" height="50" rx="8" fill="${METAL}"/>`;

const books: Drawing = (c) => `
  <rect x="360" y="600" width="480" height="90" rx="10" fill="${c.main}"/><rect x="360" y="615" width="470" height="60" fill="${PAPER}"/>
  <rect x="390" y="510" width="420" height="90" rx="10" fill="#2e86ab"/><rect x="400" y="525" width="410" height="60" fill="${PAPER}"/>
  <rect x="340" y="420" width="460" height="90" rx="10" fill="${c.dark}"/><rect x="340" y="435" width="450" height="60" fill="${PAPER}"/>
  <rect x="420" y="330" width="360" height="90" rx="10" fill="#e1a730"/><rect x="430" y="345" width="350" height="60" fill="${PAPER}"/>
  <rect x="360" y="600" width="40" height="90" fill="${c.main}"/><rect x="390" y="510" width="40" height="90" fill="#2e86ab"/>
  <rect x="760" y="420" width="40" height="90" fill="${c.dark}"/><rect x="420" y="330" width="40" height="90" fill="#e1a730"/>`;

const record: Drawing = (c) => `
  <rect x="300" y="200" width="460" height="460" rx="8" fill="${c.main}"/>
  <circle cx="530" cy="430" r="140" fill="${c.light}"/>
  <circle cx="720" cy="430" r="230" fill="${INK}"/>
  ${[200, 170, 140].map((r) => `<circle cx="720" cy="430" r="${r}" fill="none" stroke="#444" stroke-width="3"/>`).join("")}
  <circle cx="720" cy="430" r="76" fill="${c.dark}"/><circle cx="720" cy="430" r="10" fill="${PAPER}"/>`;

const clapperboard: Drawing = (c) => `
  <rect x="360" y="380" width="480" height="310" rx="14" fill="${INK}"/>
  <g transform="rotate(-14 360 380)">
    <rect x="360" y="300" width="480" height="80" rx="10" fill="${INK}"/>
    ${[0, 1, 2, 3, 4].map((i) => `<path d="M${390 + i * 92} 300 L${440 + i * 92} 300 L${400 + i * 92} 380 L${350 + i * 92} 380 Z" fill="${PAPER}"/>`).join("")}
  </g>
  <rect x="360" y="380" width="480" height="40" fill="${c.main}"/>
  <rect x="400" y="460" width="180" height="16" rx="6" fill="${PAPER}"/>
  <rect x="400" y="510" width="300" height="16" rx="6" fill="${c.light}"/>
  <rect x="400" y="560" width="240" height="16" rx="6" fill="${c.light}"/>
  <circle cx="360" cy="380" r="16" fill="${METAL}"/>`;

const boardGame: Drawing = (c) => `
  <path d="M260 560 L600 420 L940 560 L600 700 Z" fill="${c.main}"/>
  <path d="M430 490 L600 420 L770 490 L600 560 Z" fill="${c.light}"/>
  <path d="M260 560 L600 700 L600 720 L260 580 Z M940 560 L600 700 L600 720 L940 580 Z" fill="${c.dark}"/>
  <rect x="470" y="270" width="110" height="110" rx="18" fill="${PAPER}"/>
  <circle cx="500" cy="300" r="10" fill="${INK}"/><circle cx="525" cy="325" r="10" fill="${INK}"/><circle cx="550" cy="350" r="10" fill="${INK}"/>
  <rect x="620" y="300" width="100" height="100" rx="16" fill="${PAPER}" transform="rotate(15 670 350)"/>
  <circle cx="650" cy="330" r="10" fill="${INK}"/><circle cx="690" cy="370" r="10" fill="${INK}"/>
  <path d="M520 500 q-20 -60 0 -80 q20 20 0 80 Z" fill="#c0392b"/><circle cx="520" cy="420" r="18" fill="#c0392b"/>`;

const guitar: Drawing = (c) => `
  <g transform="rotate(-28 600 450)">
    <rect x="580" y="90" width="40" height="340" fill="${WOOD_DARK}"/>
    <rect x="565" y="40" width="70" height="80" rx="14" fill="${INK}"/>
    <circle cx="600" cy="560" r="170" fill="${c.main}"/>
    <circle cx="600" cy="400" r="125" fill="${c.main}"/>
    <circle cx="600" cy="470" r="48" fill="${INK}"/>
    <rect x="555" y="600" width="90" height="20" rx="6" fill="${WOOD_DARK}"/>
    ${[588, 596, 604, 612].map((x) => `<line x1="${x}" y1="60" x2="${x}" y2="610" stroke="${PAPER}" stroke-width="2"/>`).join("")}
  </g>`;

const keyboard: Drawing = (c) => `
  <rect x="220" y="400" width="760" height="200" rx="20" fill="${INK}"/>
  <rect x="240" y="470" width="720" height="115" fill="${PAPER}"/>
  ${Array.from({ length: 17 }, (_, i) => `<line x1="${240 + (i + 1) * 42.35}" y1="470" x2="${240 + (i + 1) * 42.35}" y2="585" stroke="#999" stroke-width="2"/>`).join("")}
  ${Array.from({ length: 17 }, (_, i) => ([0, 1, 3, 4, 5].includes(i % 7) ? `<rect x="${270 + i * 42.35}" y="470" width="26" height="70" fill="${INK}"/>` : "")).join("")}
  <circle cx="300" cy="435" r="14" fill="${c.main}"/><circle cx="345" cy="435" r="14" fill="${c.light}"/>
  <rect x="700" y="424" width="200" height="24" rx="6" fill="${c.dark}"/>
  <rect x="330" y="600" width="24" height="100" fill="${METAL_DARK}"/><rect x="846" y="600" width="24" height="100" fill="${METAL_DARK}"/>`;

const drum: Drawing = (c) => `
  <rect x="380" y="380" width="440" height="260" fill="${c.main}"/>
  <ellipse cx="600" cy="640" rx="220" ry="55" fill="${c.dark}"/>
  <rect x="380" y="380" width="440" height="260" fill="none"/>
  ${[420, 500, 580, 660, 740].map((x) => `<line x1="${x}" y1="390" x2="${x + 40}" y2="640" stroke="${METAL}" stroke-width="8"/>`).join("")}
  <ellipse cx="600" cy="380" rx="220" ry="55" fill="${PAPER}" stroke="${METAL}" stroke-width="14"/>
  <line x1="470" y1="220" x2="580" y2="360" stroke="${WOOD}" stroke-width="16" stroke-linecap="round"/>
  <line x1="760" y1="220" x2="640" y2="360" stroke="${WOOD}" stroke-width="16" stroke-linecap="round"/>`;

const amp: Drawing = (c) => `
  <rect x="340" y="280" width="520" height="410" rx="24" fill="${INK}"/>
  <rect x="370" y="380" width="460" height="280" rx="12" fill="${c.dark}"/>
  ${Array.from({ length: 9 }, (_, i) => `<line x1="370" y1="${400 + i * 30}" x2="830" y2="${400 + i * 30}" stroke="${c.main}" stroke-width="3"/>`).join("")}
  ${[420, 490, 560, 630].map((x) => `<circle cx="${x}" cy="330" r="20" fill="${c.light}"/>`).join("")}
  <rect x="720" y="315" width="90" height="30" rx="6" fill="${METAL}"/>`;

const art: Drawing = (c) => `
  <rect x="340" y="180" width="520" height="440" fill="${WOOD}"/>
  <rect x="375" y="215" width="450" height="370" fill="${c.light}"/>
  <path d="M375 585 L540 380 L650 500 L730 420 L825 585 Z" fill="${c.main}"/>
  <path d="M375 585 L540 380 L600 450 L480 585 Z" fill="${c.dark}"/>
  <circle cx="720" cy="300" r="44" fill="#f2c14e"/>
  <line x1="430" y1="620" x2="380" y2="700" stroke="${WOOD_DARK}" stroke-width="18"/>
  <line x1="770" y1="620" x2="820" y2="700" stroke="${WOOD_DARK}" stroke-width="18"/>`;

const clock: Drawing = (c) => `
  <path d="M400 690 L400 420 Q400 220 600 220 Q800 220 800 420 L800 690 Z" fill="${c.dark}"/>
  <rect x="370" y="660" width="460" height="40" rx="10" fill="${WOOD_DARK}"/>
  <circle cx="600" cy="420" r="150" fill="#e1b24a"/>
  <circle cx="600" cy="420" r="128" fill="${PAPER}"/>
  ${Array.from({ length: 12 }, (_, i) => `<circle cx="${600 + 108 * Math.cos((i * Math.PI) / 6)}" cy="${420 + 108 * Math.sin((i * Math.PI) / 6)}" r="8" fill="${INK}"/>`).join("")}
  <line x1="600" y1="420" x2="600" y2="330" stroke="${INK}" stroke-width="12" stroke-linecap="round"/>
  <line x1="600" y1="420" x2="670" y2="460" stroke="${INK}" stroke-width="10" stroke-linecap="round"/>`;

const coin = (x: number, y: number, r: number, fill: string) =>
  `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}"/><circle cx="${x}" cy="${y}" r="${r * 0.78}" fill="none" stroke="#fff" stroke-opacity="0.45" stroke-width="6"/>`;
const coins: Drawing = (c) => `
  <rect x="300" y="250" width="220" height="310" rx="16" fill="${PAPER}" transform="rotate(-8 410 405)"/>
  <rect x="322" y="275" width="176" height="200" rx="8" fill="${c.main}" transform="rotate(-8 410 405)"/>
  ${coin(640, 560, 110, "#d4a93c")}${coin(800, 470, 90, "#b0b5bb")}${coin(760, 640, 70, "#b87333")}`;

const washer: Drawing = (c) => `
  <rect x="380" y="190" width="440" height="510" rx="26" fill="${PAPER}" stroke="#c9c2b4" stroke-width="6"/>
  <rect x="380" y="190" width="440" height="100" rx="26" fill="#e4ddd0"/>
  <circle cx="450" cy="240" r="24" fill="${c.main}"/><rect x="620" y="225" width="150" height="30" rx="8" fill="${INK}"/>
  <circle cx="600" cy="480" r="150" fill="${METAL}"/>
  <circle cx="600" cy="480" r="118" fill="${c.light}"/>
  <path d="M490 500 Q600 440 710 500 L710 520 Q600 600 490 520 Z" fill="${c.main}" opacity="0.7"/>`;

const toaster: Drawing = (c) => `
  <rect x="360" y="340" width="480" height="330" rx="70" fill="${c.main}"/>
  <rect x="450" y="330" width="110" height="24" rx="10" fill="${INK}"/>
  <rect x="640" y="330" width="110" height="24" rx="10" fill="${INK}"/>
  <rect x="460" y="250" width="90" height="100" rx="26" fill="#d9a066"/>
  <rect x="650" y="260" width="90" height="90" rx="26" fill="#d9a066"/>
  <rect x="820" y="440" width="50" height="24" rx="8" fill="${INK}"/>
  <rect x="390" y="650" width="420" height="30" rx="12" fill="${c.dark}"/>
  <ellipse cx="480" cy="450" rx="40" ry="80" fill="${c.light}" opacity="0.5"/>`;

const fan: Drawing = (c) => `
  <rect x="585" y="460" width="30" height="200" fill="${METAL_DARK}"/>
  <ellipse cx="600" cy="680" rx="150" ry="30" fill="${c.dark}"/>
  <circle cx="600" cy="360" r="210" fill="${c.light}" stroke="${METAL_DARK}" stroke-width="12"/>
  ${[0, 120, 240].map((a) => `<ellipse cx="600" cy="250" rx="60" ry="100" fill="${c.main}" transform="rotate(${a} 600 360)"/>`).join("")}
  <circle cx="600" cy="360" r="40" fill="${c.dark}"/>
  ${Array.from({ length: 8 }, (_, i) => `<line x1="600" y1="360" x2="${600 + 205 * Math.cos((i * Math.PI) / 4)}" y2="${360 + 205 * Math.sin((i * Math.PI) / 4)}" stroke="${METAL_DARK}" stroke-width="3"/>`).join("")}`;

/** What each category's photos show. */
const DRAWINGS: Record<string, Drawing> = {
  "sofas-chairs": chair,
  "tables-desks": table,
  storage: shelf,
  beds: bed,
  phones: phone,
  computers: laptop,
  audio: speaker,
  "tv-video": tv,
  cameras: camera,
  gaming: gamepad,
  bikes: bike,
  fitness: dumbbell,
  camping: tent,
  "winter-sports": skis,
  womens: dress,
  mens: jacket,
  shoes: shoe,
  "bags-accessories": bag,
  toys: teddy,
  strollers: stroller,
  "kids-clothing": tshirt,
  nursery: crib,
  kitchen: kettle,
  decor: lamp,
  garden: plant,
  bedding: pillows,
  "power-tools": drill,
  "hand-tools": handTools,
  workshop: toolbox,
  books,
  "music-media": record,
  movies: clapperboard,
  "board-games": boardGame,
  guitars: guitar,
  keyboards: keyboard,
  drums: drum,
  "music-gear": amp,
  art,
  antiques: clock,
  "cards-coins": coins,
  "large-appliances": washer,
  "small-appliances": toaster,
  "heating-cooling": fan,
};

export const DRAWN_CATEGORIES = Object.keys(DRAWINGS);

/** A stable small number from a string (FNV-1a), so colours follow the category, not the run. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

/**
 * The SVG of a category's picture (an unknown category gets a neutral book stack), drawn on a
 * 1200 × 900 canvas and sized `width` wide. The seed renders 800 px: the listing page's middle
 * photo width, and half the cost of 1200 px per picture (the seed draws ~90).
 */
export function demoPictureSvg(categoryId: string, variant: number, width = 800): string {
  const draw = DRAWINGS[categoryId] ?? books;
  const hue = (hashOf(categoryId) + variant * 137) % 360;
  const colours: Colours = {
    main: `hsl(${hue}, 55%, 48%)`,
    dark: `hsl(${hue}, 50%, 32%)`,
    light: `hsl(${hue}, 60%, 80%)`,
  };
  const wallHue = (hue + 180 + variant * 40) % 360;
  const closer = variant % 2 === 1;
  const object = closer
    ? `<g transform="translate(600 450) scale(1.35) translate(-600 -450)">${draw(colours)}</g>`
    : draw(colours);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${(width * 3) / 4}" viewBox="0 0 1200 900">
  <defs><linearGradient id="wall" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="hsl(${wallHue}, 30%, 92%)"/><stop offset="1" stop-color="hsl(${wallHue}, 28%, 80%)"/>
  </linearGradient></defs>
  <rect width="1200" height="900" fill="url(#wall)"/>
  <rect y="700" width="1200" height="200" fill="hsl(${(wallHue + 20) % 360}, 18%, 66%)"/>
  <ellipse cx="600" cy="705" rx="360" ry="26" fill="#000" opacity="0.12"/>
  ${object}
</svg>`;
}
