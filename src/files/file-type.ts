import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { UnsupportedFileTypeError } from './files.errors.ts';

/** Drawing formats accepted for upload. */
export const DRAWING_FORMATS = ['dwg', 'dxf', 'ifc', 'pdf'] as const;
/** One of the accepted drawing formats. */
export type DrawingFormat = (typeof DRAWING_FORMATS)[number];
/** Formats with a reader today; the others are stored and their analysis says the reader is not available yet. */
export const READABLE_FORMATS: readonly DrawingFormat[] = ['dwg', 'dxf', 'pdf', 'ifc'];

/** Bytes of the file's head that content sniffing needs. */
export const SNIFF_BYTES = 4100;

/** The drawing format named by the filename's extension; anything else → 415. */
export function formatFromFilename(filename: string): DrawingFormat {
  const ext = extname(filename).slice(1).toLowerCase();
  if ((DRAWING_FORMATS as readonly string[]).includes(ext)) return ext as DrawingFormat;
  throw new UnsupportedFileTypeError(
    `".${ext}" files are not accepted; upload one of: ${DRAWING_FORMATS.map((f) => `.${f}`).join(', ')}`,
  );
}

/**
 * Rejects content that is recognisably another type (an executable, an archive, an image renamed `.dwg`).
 * Content that is merely unreadable is accepted: the analysis reports why it cannot be read.
 */
export async function checkContentMatches(format: DrawingFormat, head: Uint8Array): Promise<void> {
  const detected = await fileTypeFromBuffer(head);
  if (detected && detected.ext !== format) {
    throw new UnsupportedFileTypeError(
      `content is ${detected.mime} (.${detected.ext}), not a .${format} drawing`,
    );
  }
}
