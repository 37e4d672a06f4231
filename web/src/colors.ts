// Colours: channels and label categories come from two disjoint palettes, neither uses the
// alarm red, and a name always gets the same colour on every unit (a fixed map for the known
// names, a hash of the name for the rest). Pure, covered by the front-end unit tests.

export const ALARM_RED = '#dc2626';

// Channels: line colours (Tableau-like blues, oranges, greens, purples, browns, greys, no red).
// Every channel the simulator and the derived channels produce has its own; other names hash.
export const CHANNEL_PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#17becf',
  '#7f7f7f', '#bcbd22', '#393b79', '#637939', '#0868ac', '#b35806', '#6baed6', '#843c39', '#a55194', '#756bb1'];
const CHANNEL_FIXED: Record<string, string> = {
  t_outdoor: '#1f77b4', t_supply: '#ff7f0e', t_return: '#8c564b', compressor_power: '#2ca02c',
  heat_output: '#9467bd', cop: '#17becf', lift: '#7f7f7f', t_indoor: '#bcbd22', humidity: '#393b79',
  t_tank_mid: '#6baed6', t_tank_top: '#b35806', t_brine_in: '#0868ac', t_brine_out: '#637939',
  compressor_on: '#a55194', mode: '#756bb1', solar_radiation: '#843c39', flow_rate: '#637939',
};

// Label categories: muted fill colours distinct from every channel colour and from the red.
export const CATEGORY_PALETTE = ['#e7298a', '#b2abd2', '#fdb863', '#4d004b', '#01665e', '#1b9e77', '#f781bf',
  '#e6ab02', '#8e0152', '#fee08b'];
const CATEGORY_FIXED: Record<string, string> = {
  compressor_failure: '#e7298a', refrigerant_leak: '#b2abd2', sensor_fault: '#fdb863',
  unknown_anomaly: '#4d004b', defrost_issue: '#e6ab02', short_cycling: '#1b9e77',
  shower_event: '#f781bf', aux_heater_stuck: '#8e0152', circulation_failure: '#01665e',
};

export function hashName(s: string): number {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) { x ^= s.charCodeAt(i); x = Math.imul(x, 16777619) >>> 0; }
  return x >>> 0;
}

export function channelColor(name: string): string {
  return CHANNEL_FIXED[name] ?? CHANNEL_PALETTE[hashName(name) % CHANNEL_PALETTE.length];
}

export function categoryColor(cat: string): string {
  return CATEGORY_FIXED[cat] ?? CATEGORY_PALETTE[hashName(cat) % CATEGORY_PALETTE.length];
}

// WCAG 2 relative luminance and contrast ratio of two '#rrggbb' colours.
function luminance(hex: string): number {
  const n = parseInt(hex.replace('#', ''), 16);
  const ch = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// Text colour for a tag filled with `bg`: black or white, whichever contrasts more.
export function textOn(bg: string): string {
  return contrastRatio(bg, '#000000') >= contrastRatio(bg, '#ffffff') ? '#000000' : '#ffffff';
}
