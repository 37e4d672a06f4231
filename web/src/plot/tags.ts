// Which band name tags fit: left to right, a tag is shown only where it does not overlap the
// previous shown tag and fits inside its band's visible part (or the plot's right edge), so
// names never pile up when zoomed out. Pure, covered by the front-end unit tests.

export interface TagBox { id: number; left: number; width: number; text: string }

export const TAG_CHAR_PX = 6.2;   // 10.5px system-ui, average
export const TAG_PAD_PX = 10;

export const tagWidth = (text: string) => Math.ceil(text.length * TAG_CHAR_PX + TAG_PAD_PX);

export function visibleTags(bands: TagBox[], plotWidth: number, gap = 4): Set<number> {
  const shown = new Set<number>();
  let right = -Infinity;
  for (const b of [...bands].sort((x, y) => x.left - y.left)) {
    const w = tagWidth(b.text);
    const start = Math.max(0, b.left) + 3;
    if (start < right + gap) continue;
    if (start + w > plotWidth) continue;
    shown.add(b.id);
    right = start + w;
  }
  return shown;
}
