/**
 * A 3x5 pixel bitmap font for tick labels, titles and legends: digits, capital letters (lower
 * case is drawn as capitals) and a little punctuation. Each glyph is five octal digits, one per
 * row from the top, whose bits 4, 2, 1 are the left, middle and right pixel:
 * "75557" is 111 / 101 / 101 / 101 / 111, a zero.
 */
import { Image, Color, parseColor, setPixel } from './canvas.js';

const GLYPHS: Readonly<Record<string, string>> = {
  '0': '75557', '1': '26227', '2': '71747', '3': '71717', '4': '55711', '5': '74717', '6': '74757',
  '7': '71111', '8': '75757', '9': '75717',
  A: '25755', B: '65656', C: '34443', D: '65556', E: '74647', F: '74644', G: '34553', H: '55755',
  I: '72227', J: '11152', K: '55655', L: '44447', M: '57755', N: '65555', O: '25552', P: '65644',
  Q: '25563', R: '65655', S: '34216', T: '72222', U: '55557', V: '55552', W: '55775', X: '55255',
  Y: '55222', Z: '71247',
  ' ': '00000', '-': '00700', '+': '02720', '.': '00002', ',': '00024', ':': '02020', '=': '07070',
  '_': '00007', '/': '11244', '(': '24442', ')': '21112', '%': '51245', '?': '71202',
};

/** Glyph cell: 3 pixels plus 1 of spacing across, 5 down, times `scale`. */
export const GLYPH_WIDTH = 4;
export const GLYPH_HEIGHT = 5;

/** Width in pixels of `text` at `scale` (without the trailing spacing column). @example textWidth('1E-3') // 15 */
export const textWidth = (text: string, scale = 1): number => Math.max(0, text.length * GLYPH_WIDTH - 1) * scale;

/**
 * Draws `text` with its top-left corner at (x, y); characters the font lacks draw as '?'.
 * @example drawText(img, 4, 4, 'LOSS 0.25', 'black', 2);
 */
export function drawText(img: Image, x: number, y: number, text: string, color: Color, scale = 1): void {
  const c = parseColor(color);
  [...text.toUpperCase()].forEach((ch, k) => {
    const rows = GLYPHS[ch] ?? GLYPHS['?'];
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      const bits = Number(rows[row]);
      for (let col = 0; col < 3; col++) {
        if (!(bits & (4 >> col))) continue;
        for (let sy = 0; sy < scale; sy++) {
          for (let sx = 0; sx < scale; sx++) setPixel(img, x + (k * GLYPH_WIDTH + col) * scale + sx, y + row * scale + sy, c);
        }
      }
    }
  });
}
