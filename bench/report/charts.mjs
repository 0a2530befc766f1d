// Dependency-free SVG charts for the benchmark report (converted to PNG with rsvg-convert).
//   barChart({ title, yLabel, groups: [label...], series: [{ name, values: [{ v, lo, hi }|null] }] })
//   lineChart({ title, xLabel, yLabel, logX, series: [{ name, points: [{ x, y, lo, hi }] }] })
const W = 900, H = 460, M = { top: 56, right: 56, bottom: 78, left: 86 };
const COLORS = ["#1f6feb", "#d1242f", "#8250df", "#1a7f37", "#bf8700", "#57606a"];
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function fmt(v) {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (v >= 1e4) return `${Math.round(v / 1e3)}k`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return v >= 10 || v === 0 ? String(Math.round(v)) : String(+v.toPrecision(2));
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * p).find((m) => m >= v);
}

function frame(title, yLabel, yMax, extra = "") {
  const plotH = H - M.top - M.bottom;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="26" text-anchor="middle" font-size="17" font-weight="bold">${esc(title)}</text>`,
    extra ? `<text x="${W / 2}" y="45" text-anchor="middle" font-size="12" fill="#57606a">${esc(extra)}</text>` : "",
    `<text transform="translate(20 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13">${esc(yLabel)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = (yMax * i) / 5, y = M.top + plotH - (plotH * i) / 5;
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="#d0d7de" stroke-width="1"/>`,
      `<text x="${M.left - 8}" y="${y + 4}" text-anchor="end" font-size="12">${fmt(v)}</text>`);
  }
  return out;
}

function legend(out, names) {
  let x = M.left;
  names.forEach((name, i) => {
    out.push(`<rect x="${x}" y="${H - 24}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/>`,
      `<text x="${x + 17}" y="${H - 14}" font-size="12">${esc(name)}</text>`);
    x += 30 + name.length * 7.2;
  });
}

const whisker = (x, yLo, yHi) =>
  `<path d="M${x} ${yLo}V${yHi}M${x - 4} ${yLo}h8M${x - 4} ${yHi}h8" stroke="#24292f" stroke-width="1.2" fill="none"/>`;

export function barChart({ title, subtitle, yLabel, groups, series }) {
  const all = series.flatMap((s) => s.values.filter(Boolean).map((p) => Math.max(p.v, p.hi ?? 0)));
  const yMax = niceMax(Math.max(...all));
  const plotW = W - M.left - M.right, plotH = H - M.top - M.bottom;
  const y = (v) => M.top + plotH - (plotH * v) / yMax;
  const out = frame(title, yLabel, yMax, subtitle);
  const gw = plotW / groups.length, bw = Math.min(60, (gw * 0.8) / series.length);
  groups.forEach((g, gi) => {
    const x0 = M.left + gi * gw + (gw - bw * series.length) / 2;
    out.push(`<text x="${M.left + gi * gw + gw / 2}" y="${H - M.bottom + 18}" text-anchor="middle" font-size="12">${esc(g)}</text>`);
    series.forEach((s, si) => {
      const p = s.values[gi];
      if (!p) return;
      const x = x0 + si * bw;
      out.push(`<rect x="${x + 2}" y="${y(p.v)}" width="${bw - 4}" height="${y(0) - y(p.v)}" fill="${COLORS[si % COLORS.length]}"/>`,
        `<text x="${x + bw / 2}" y="${y(Math.max(p.v, p.hi ?? 0)) - 5}" text-anchor="middle" font-size="11">${fmt(p.v)}</text>`);
      if (p.lo != null && p.hi != null && p.hi > p.lo) out.push(whisker(x + bw / 2, y(p.lo), y(p.hi)));
    });
  });
  legend(out, series.map((s) => s.name));
  out.push("</svg>");
  return out.join("\n");
}

export function lineChart({ title, subtitle, xLabel, yLabel, logX, series }) {
  const pts = series.flatMap((s) => s.points);
  const yMax = niceMax(Math.max(...pts.map((p) => Math.max(p.y, p.hi ?? 0))));
  const xs = pts.map((p) => p.x);
  const tx = (v) => (logX ? Math.log10(Math.max(v, 1)) : v);
  const xMin = logX ? Math.floor(tx(Math.min(...xs))) : 0, xMax = logX ? Math.ceil(tx(Math.max(...xs))) : niceMax(Math.max(...xs));
  const plotW = W - M.left - M.right, plotH = H - M.top - M.bottom;
  const x = (v) => M.left + (plotW * (tx(v) - xMin)) / (xMax - xMin || 1);
  const y = (v) => M.top + plotH - (plotH * v) / yMax;
  const out = frame(title, yLabel, yMax, subtitle);
  const ticks = logX ? Array.from({ length: xMax - xMin + 1 }, (_, i) => 10 ** (xMin + i)) : [0, 1, 2, 3, 4, 5].map((i) => (xMax * i) / 5);
  for (const t of ticks) out.push(`<text x="${x(t)}" y="${H - M.bottom + 18}" text-anchor="middle" font-size="12">${fmt(t)}</text>`);
  out.push(`<text x="${M.left + plotW / 2}" y="${H - M.bottom + 40}" text-anchor="middle" font-size="13">${esc(xLabel)}</text>`);
  series.forEach((s, si) => {
    const c = COLORS[si % COLORS.length];
    out.push(`<polyline fill="none" stroke="${c}" stroke-width="2.5" points="${s.points.map((p) => `${x(p.x)},${y(p.y)}`).join(" ")}"/>`);
    for (const p of s.points) {
      out.push(`<circle cx="${x(p.x)}" cy="${y(p.y)}" r="4" fill="${c}"/>`);
      if (p.lo != null && p.hi != null && p.hi > p.lo) out.push(whisker(x(p.x), y(p.lo), y(p.hi)));
      if (s.points.length <= 6) out.push(`<text x="${x(p.x) + 6}" y="${y(p.y) - 7}" font-size="11" fill="${c}">${fmt(p.y)}</text>`);
    }
  });
  legend(out, series.map((s) => s.name));
  out.push("</svg>");
  return out.join("\n");
}
