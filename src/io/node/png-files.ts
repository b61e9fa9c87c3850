/** PNG files: the bytes of ../png.ts written atomically to a path. */
import { writeFileAtomic } from './atomic-write.js';

/**
 * Writes PNG (or any) bytes atomically: a reader never sees a half-written image.
 * @example await io.writePngAtomic('samples.png', io.encodePng(w, h, rgba));
 */
export const writePngAtomic = (path: string, bytes: Uint8Array): Promise<void> => writeFileAtomic(path, bytes);
