// chart.js: horizontal bar charts drawn as SVG, sized for a phone, with the numbers written
// beside each bar and a title a screen reader reads.
const ns = 'http://www.w3.org/2000/svg';

function el(tag, attrs, text) {
  const e = document.createElementNS(ns, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * barChart draws rows [{label, value}] as bars, the longest filling the width; format writes a
 * value (hours with one decimal, say). The chart names itself with title for assistive technology.
 */
export function barChart({ id, title, rows, format = (v) => String(v) }) {
  const width = 320;
  const row = 34;
  // The labels' column is as wide as the longest label needs, up to 140 of the 320 units; a
  // longer label is shortened (the title keeps it whole).
  const labelWidth = Math.min(140, Math.max(60, ...rows.map((r) => textWidth(r.label) + 10)));
  const valueWidth = 80;
  const height = Math.max(rows.length, 1) * row + 8;
  const max = Math.max(...rows.map((r) => r.value), 0) || 1;
  const svg = el('svg', { id, class: 'chart', viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-labelledby': `${id}-title` });
  svg.append(el('title', { id: `${id}-title` }, `${title}: ${rows.map((r) => `${r.label} ${format(r.value)}`).join(', ')}`));
  rows.forEach((r, i) => {
    const y = 4 + i * row;
    const w = Math.max(2, ((width - labelWidth - valueWidth) * r.value) / max);
    const g = el('g', { class: 'bar' });
    g.append(
      el('text', { x: labelWidth - 8, y: y + row / 2, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'bar-label' }, fit(r.label, labelWidth - 10)),
      el('rect', { x: labelWidth, y: y + 6, width: w, height: row - 12, rx: 4 }),
      el('text', { x: labelWidth + w + 6, y: y + row / 2, 'dominant-baseline': 'middle', class: 'bar-value' }, format(r.value)));
    svg.append(g);
  });
  return svg;
}

// fit shortens a label to about px pixels of 12px text, with an ellipsis, so that a long name does
// not run off the chart's left edge; the chart's title keeps the whole label.
function fit(label, px) {
  let used = 0;
  const chars = [...label];
  for (let i = 0; i < chars.length; i++) {
    used += charWidth(chars[i]);
    if (used > px) return `${chars.slice(0, Math.max(i - 1, 1)).join('')}…`;
  }
  return label;
}

// charWidth is about how wide a character of 12px text is, erring wide: a Chinese one fills the
// em, a digit or a capital takes about two thirds of it, other Latin letters a little less.
const charWidth = (c) => (c.codePointAt(0) > 0x2e80 ? 12 : /[0-9A-Z]/.test(c) ? 8 : 7);

// textWidth is about how wide a label of 12px text is.
const textWidth = (label) => [...label].reduce((sum, c) => sum + charWidth(c), 0);
