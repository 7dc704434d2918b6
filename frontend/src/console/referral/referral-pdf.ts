import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

import { DOCUMENT_TEXT } from './document-text';
import { referralBlocks, type Block } from './referral-blocks';
import type { Referral } from './referral-model';

/**
 * The referral as a PDF, made in the reviewer's browser (this module is a
 * lazily loaded chunk: the reporter page never loads pdf-lib). The font is
 * DejaVu Sans from the `dejavu-fonts-ttf` package, embedded as a subset: it
 * covers Cyrillic and the Kazakh letters (ә ғ қ ң ө ұ ү һ і), and pdf-lib
 * writes a ToUnicode map, so the text can be searched and copied.
 */
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const STYLE: Record<Block['kind'], { size: number; gap: number; color?: [number, number, number] }> = {
  marking: { size: 9, gap: 10, color: [0.6, 0, 0] },
  right: { size: 10.5, gap: 2 },
  title: { size: 13, gap: 14 },
  heading: { size: 11, gap: 10, color: [0.1, 0.1, 0.35] },
  text: { size: 10.5, gap: 3 },
  mono: { size: 8.5, gap: 1 },
};
const LEADING = 1.35;

/** Characters the font has no glyph for would print as empty boxes: they become '?' and are counted. */
function printable(text: string, glyphs: Set<number>): { text: string; missing: number } {
  let missing = 0;
  let out = '';
  for (const char of text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ')) {
    const code = char.codePointAt(0)!;
    if (char === '\n' || glyphs.has(code)) out += char;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else {
      out += '?';
      missing++;
    }
  }
  return { text: out, missing };
}

/**
 * Text width from cached per-character advances: fontkit lays out the whole
 * string on every `widthOfTextAtSize`, which made a long referral take seconds.
 * (No kerning pairs: DejaVu's are small, and a line is left a little slack.)
 */
function measurer(font: PDFFont) {
  const advances = new Map<string, number>();
  return (text: string, size: number) => {
    let units = 0;
    for (const char of text) {
      let advance = advances.get(char);
      if (advance === undefined) {
        advance = font.widthOfTextAtSize(char, 1000);
        advances.set(char, advance);
      }
      units += advance;
    }
    return (units * size) / 1000;
  };
}
type Measure = ReturnType<typeof measurer>;

/** Greedy word wrap; a word longer than the line (a hash, a URL) is cut. */
function wrap(text: string, measure: Measure, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = current ? `${current} ${word}` : word;
      if (measure(candidate, size) <= width) {
        current = candidate;
        continue;
      }
      if (current) lines.push(current);
      let rest = word;
      while (measure(rest, size) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && measure(rest.slice(0, cut), size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      current = rest;
    }
    lines.push(current);
  }
  return lines;
}

export interface RenderedReferral {
  pdf: Uint8Array;
  /** Characters replaced by '?' because the font has no glyph for them (shown to the reviewer). */
  missingGlyphs: number;
  pages: number;
}

export async function renderReferralPdf(referral: Referral, fontBytes: Uint8Array): Promise<RenderedReferral> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fontBytes, { subset: true });
  const glyphs = new Set(font.getCharacterSet());
  const text = DOCUMENT_TEXT[referral.language];
  // Dated by the outgoing date alone (a day): the file says nothing of when the reviewer made it.
  const day = /^\d{4}-\d{2}-\d{2}$/.test(referral.outgoingDate)
    ? new Date(`${referral.outgoingDate}T00:00:00Z`)
    : new Date(0);
  doc.setCreationDate(day);
  doc.setModificationDate(day);
  doc.setTitle(text.title, { showInWindowTitleBar: false });
  doc.setProducer('Whistle412');
  doc.setCreator('Whistle412');
  doc.setLanguage(referral.language);

  const width = A4.width - 2 * MARGIN - 4;
  const measure = measurer(font);
  let page: PDFPage = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  let missingGlyphs = 0;
  for (const block of referralBlocks(referral)) {
    const style = STYLE[block.kind];
    const checked = printable(block.text, glyphs);
    missingGlyphs += checked.missing;
    const lineHeight = style.size * LEADING;
    y -= style.gap;
    for (const line of wrap(checked.text, measure, style.size, width)) {
      if (y - lineHeight < MARGIN + 20) {
        page = doc.addPage([A4.width, A4.height]);
        y = A4.height - MARGIN;
      }
      y -= lineHeight;
      const lineWidth = measure(line, style.size);
      const x =
        block.kind === 'right'
          ? A4.width - MARGIN - lineWidth
          : block.kind === 'title'
            ? (A4.width - lineWidth) / 2
            : MARGIN;
      const color = style.color ? rgb(...style.color) : rgb(0, 0, 0);
      page.drawText(line, { x, y, size: style.size, font, color });
    }
  }
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    const label = printable(text.page(i + 1, pages.length), glyphs).text;
    p.drawText(label, {
      x: A4.width - MARGIN - font.widthOfTextAtSize(label, 8),
      y: MARGIN / 2,
      size: 8,
      font,
      color: rgb(0.4, 0.4, 0.4),
    });
  });
  return { pdf: await doc.save(), missingGlyphs, pages: pages.length };
}
