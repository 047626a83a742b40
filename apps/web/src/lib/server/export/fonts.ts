import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * Noto Sans, shipped as an npm package so a fresh checkout has it: the PNG (resvg) and
 * the PDF (PDFKit) draw with the very file the layout measured, so wrapped text fits
 * its card in every export, and Latin, Greek, Cyrillic and Vietnamese names render.
 */
const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
} as const;

export const FONT_FAMILY = 'Noto Sans';

type Weight = keyof typeof FONT_FILES;

const fonts = new Map<Weight, fontkit.Font>();
const widths = new Map<string, number>();

function font(weight: Weight): fontkit.Font {
  let loaded = fonts.get(weight);
  if (!loaded) {
    loaded = fontkit.openSync(FONT_FILES[weight]) as fontkit.Font;
    fonts.set(weight, loaded);
  }
  return loaded;
}

/** Advance width of `text` at `size` px, from the font's own metrics (cached per char). */
export function textWidth(text: string, size: number, weight: Weight = 'regular'): number {
  const face = font(weight);
  let units = 0;
  for (const char of text) {
    const key = `${weight}${char}`;
    let advance = widths.get(key);
    if (advance === undefined) {
      advance = face.glyphForCodePoint(char.codePointAt(0) ?? 0).advanceWidth;
      widths.set(key, advance);
    }
    units += advance;
  }
  return (units / face.unitsPerEm) * size;
}
