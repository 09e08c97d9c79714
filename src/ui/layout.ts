/**
 * Heights and widths of the screens, computed before rendering. The whole frame stays at least
 * one line shorter than the terminal: once Ink's output is as tall as the terminal it clears the
 * screen and the scrollback with it (SPEC §5, "Known traps").
 */

/** A terminal size in cells. */
export interface Size {
  columns: number;
  rows: number;
}

/** Where each part of the play screen goes. */
export interface PlayLayout {
  width: number;
  /** Lines of the whole frame: always less than the terminal's rows. */
  height: number;
  header: number;
  banners: number;
  /** The step list and the step panel, side by side. */
  body: number;
  /** 0 hides the step list (very narrow terminals). */
  listWidth: number;
  panelWidth: number;
  prompt: number;
  /** The output pane, its title line included; 0 hides it. */
  output: number;
  footer: number;
}

/** Lays out the play screen for a terminal size and what is shown on it. */
export function playLayout(size: Size, parts: { banners: number; prompt: boolean; footer: number }): PlayLayout {
  // Never wider than the terminal, however small: a wrapped line would make the frame taller than planned.
  const width = Math.max(1, size.columns);
  const avail = Math.max(1, size.rows - 1);
  const header = Math.min(avail, size.rows >= 16 ? 3 : 2);
  let left = avail - header;
  const footer = Math.min(left, parts.footer);
  left -= footer;
  const prompt = Math.min(left, parts.prompt ? 2 : 0);
  left -= prompt;
  const banners = Math.min(left, parts.banners, size.rows >= 20 ? 2 : 1);
  left -= banners;
  let body: number;
  let output: number;
  if (left < 6) {
    body = left;
    output = 0;
  } else {
    body = Math.max(4, Math.min(left - 3, Math.round(left * 0.5)));
    output = left - body;
  }
  const listWidth = width >= 100 ? 34 : width >= 70 ? 28 : width >= 56 ? 20 : 0;
  const panelWidth = width - listWidth - (listWidth > 0 ? 2 : 0);
  return { width, height: header + banners + body + prompt + output + footer, header, banners, body, listWidth, panelWidth, prompt, output, footer };
}

/** Packs footer entries (`key word`) into at most `maxLines` lines of `width`; what does not fit is dropped. */
export function packFooter(entries: [string, string][], width: number, maxLines = 2): [string, string][][] {
  const lines: [string, string][][] = [[]];
  let used = 0;
  for (const entry of entries) {
    const size = entry[0].length + 1 + entry[1].length;
    const gap = used === 0 ? 0 : 2;
    if (used + gap + size > width) {
      if (lines.length >= maxLines) break;
      lines.push([]);
      used = 0;
    } else {
      used += gap;
    }
    lines[lines.length - 1]?.push(entry);
    used += size;
  }
  return lines.filter((line) => line.length > 0);
}

/** A window of `height` rows over `total` rows that keeps row `focus` in view, near the middle. */
export function windowAround(total: number, height: number, focus: number): { start: number; end: number } {
  if (total <= height) return { start: 0, end: total };
  const start = Math.max(0, Math.min(total - height, focus - Math.floor(height / 2)));
  return { start, end: start + height };
}
