/**
 * The colours of both themes and the pieces every page draws (state badges,
 * uptime bars), in one place: the dashboard's layout inlines it, and so does
 * the status page, which is plain HTML without the app's stylesheet.
 */
const LIGHT = {
  bg: "#f7f8fa",
  panel: "#ffffff",
  fg: "#111827",
  muted: "#5b6472",
  border: "#dfe3e8",
  accent: "#2456d6",
  "accent-fg": "#ffffff",
  up: "#16794a",
  "up-bg": "#e3f4ea",
  degraded: "#9a5b00",
  "degraded-bg": "#fdf0d5",
  down: "#b42318",
  "down-bg": "#fde7e4",
  unknown: "#5b6472",
  "unknown-bg": "#eceff3",
  "slot-empty": "#e5e8ec",
  focus: "#2456d6",
};

const DARK: typeof LIGHT = {
  bg: "#0d1117",
  panel: "#151b23",
  fg: "#e6e9ee",
  muted: "#9aa4b2",
  border: "#2a323d",
  accent: "#6f9bff",
  "accent-fg": "#0d1117",
  up: "#4ccb8a",
  "up-bg": "#12301f",
  degraded: "#f0b45a",
  "degraded-bg": "#3a2a10",
  down: "#ff7b72",
  "down-bg": "#3d1512",
  unknown: "#9aa4b2",
  "unknown-bg": "#222a34",
  "slot-empty": "#27303b",
  focus: "#6f9bff",
};

const variables = (colours: typeof LIGHT) =>
  Object.entries(colours)
    .map(([name, value]) => `--${name}:${value}`)
    .join(";");

// Dark follows the system unless the visitor chose light; or when they chose dark.
export const THEME_CSS = `:root{${variables(LIGHT)};--radius:6px;color-scheme:light;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif;font-size:15px}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){${variables(DARK)};color-scheme:dark}}
:root[data-theme=dark]{${variables(DARK)};color-scheme:dark}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);line-height:1.45}a{color:var(--accent)}
.muted{color:var(--muted)}.small{font-size:.85rem}
.state{display:inline-flex;align-items:center;gap:.35rem;padding:.1rem .55rem;border-radius:999px;font-size:.85rem;font-weight:600;white-space:nowrap}
.state::before{content:"";width:.55rem;height:.55rem;border-radius:50%;background:currentColor}
.state-up{color:var(--up);background:var(--up-bg)}.state-degraded{color:var(--degraded);background:var(--degraded-bg)}
.state-down{color:var(--down);background:var(--down-bg)}.state-unknown{color:var(--unknown);background:var(--unknown-bg)}
.state-maintenance{color:var(--accent);background:var(--unknown-bg)}
.state-paused{color:var(--unknown);background:var(--unknown-bg)}.state-paused::before{border-radius:1px;width:.5rem;background:linear-gradient(90deg,currentColor 35%,transparent 35% 65%,currentColor 65%)}
.uptime-bar{display:flex;gap:2px;height:1.6rem;align-items:stretch;min-width:10rem}
.uptime-bar .slot{flex:1;border-radius:2px;background:var(--slot-empty);min-width:2px}
.uptime-bar .slot.ok{background:var(--up)}.uptime-bar .slot.partial{background:var(--degraded)}.uptime-bar .slot.bad{background:var(--down)}
.loc-dots{display:inline-flex;gap:3px;vertical-align:middle}.loc-dot{display:inline-block;width:.7rem;height:.7rem;border-radius:50%;background:var(--unknown);opacity:.45}
.loc-dot.up{background:var(--up);opacity:1}.loc-dot.degraded{background:var(--degraded);opacity:1}.loc-dot.down{background:var(--down);opacity:1}.loc-dot.paused{background:none;border:2px solid var(--unknown)}.loc-dot.offline{background:none;border:2px dashed var(--unknown);opacity:1}
.loc-grid{display:grid;grid-template-columns:repeat(var(--n),3.6rem);justify-items:center;align-items:center;margin-top:.3rem}.loc-names>span{max-width:3.4rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:.7rem;text-transform:none}`;
