/**
 * Parsing and validating a safetensors header (the 8-byte length and the JSON that follows it)
 * before any byte of the buffer is read as a tensor. Each step returns an fp-ts `Either`, so the
 * checks read top to bottom as one pipeline and the first failure carries a FormatError that names
 * the source and the tensor; callers decide whether to throw.
 *
 * Limits, as the official reader sets them: a header above 100 MB is refused (a corrupt length
 * then fails fast instead of allocating gigabytes), and so is a header listing more tensors than
 * `maxTensors` (default 100 000): a spec-valid file of a million empty tensors otherwise took 6 s
 * and 1.4 GB to load. Real checkpoints hold hundreds to a few thousand tensors.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { FormatError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { ELEMENT_SIZE } from './safetensors-format.js';
import { emptyRecord } from './records.js';

/** The largest header accepted, in bytes (the official reader's limit). */
export const MAX_HEADER_BYTES = 100_000_000;
/** The default cap on the number of tensors in one file; raise it with `{ maxTensors }`. */
export const DEFAULT_MAX_TENSORS = 100_000;

export interface TensorEntry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Byte range [begin, end) in the byte buffer. */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  /** In byte-buffer order. */
  readonly tensors: readonly TensorEntry[];
  /** A prototype-free record: a key such as `__proto__` or `constructor` is an ordinary key here. */
  readonly metadata: Readonly<Record<string, string>>;
  /** File offset of the byte buffer: 8 + N. */
  readonly dataStart: number;
}

export interface HeaderLimits {
  /** Refuse headers listing more tensors than this (default {@link DEFAULT_MAX_TENSORS}). */
  readonly maxTensors?: number;
}

type Parsed<T> = E.Either<FormatError, T>;

/**
 * Reads the header length from the first 8 bytes and checks it is within the limit and the file.
 * @example pipe(headerLength(bytes.subarray(0, 8), bytes.length, 'model.safetensors'), E.map((n) => n))
 */
export function headerLength(prefix: Uint8Array, fileSize: number, source: string): Parsed<number> {
  if (fileSize < 8 || prefix.length < 8) {
    return E.left(new FormatError(`${source}: ${fileSize} bytes is too short for a safetensors file (it starts with an 8-byte header length).`));
  }
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) {
    return E.left(new FormatError(`${source}: header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit of the safetensors format; the file is corrupt or not safetensors.`));
  }
  if (8 + Number(n) > fileSize) {
    return E.left(new FormatError(`${source}: header length ${n} runs past the end of the ${fileSize}-byte file (truncated?).`));
  }
  return E.right(Number(n));
}

/**
 * Parses and validates the JSON header: a bounded number of tensors, known dtypes, non-negative
 * integer shapes, offsets whose size matches the shape, and tensors that tile the byte buffer
 * exactly (no gaps, no overlaps), as the specification requires. `__metadata__` may be absent,
 * null (the official reader accepts it) or an object of strings.
 * @example const h = parseHeader(bytes.subarray(8, 8 + n), bytes.length - 8 - n, 'model.safetensors');
 */
export function parseHeader(json: Uint8Array, bufferLength: number, source: string, limits: HeaderLimits = {}): Parsed<SafetensorsHeader> {
  const maxTensors = limits.maxTensors ?? DEFAULT_MAX_TENSORS;
  const tooMany = (count: number) => new FormatError(`${source}: the header lists ${count} tensors, more than the limit of ` +
    `${maxTensors}; if the file is genuine, pass { maxTensors: ${count} } to the loader.`);
  // Counted on the bytes first: JSON.parse alone took 9 s and 1.1 GB on a million entries. The
  // count after parsing guards the (malformed) cases the byte count cannot judge.
  const count = countTensorKeys(json);
  if (count > maxTensors) return E.left(tooMany(count));
  return pipe(
    decodeJson(json, source),
    E.chain((fields) => {
      const count = fields.length - (fields.some(([k]) => k === '__metadata__') ? 1 : 0);
      return count > maxTensors ? E.left(tooMany(count)) : E.right(fields);
    }),
    E.chain((fields) => pipe(
      parseMetadata(fields.find(([k]) => k === '__metadata__')?.[1], source),
      E.chain((metadata) => pipe(
        fields.filter(([k]) => k !== '__metadata__'),
        E.traverseArray(([name, v]) => parseEntry(name, v, `${source}: tensor "${name}"`)),
        E.chain((entries) => checkTiling(entries, bufferLength, source)),
        E.map((tensors): SafetensorsHeader => ({ tensors, metadata, dataStart: 8 + json.length })),
      )),
    )),
  );
}

/**
 * The number of tensors the outermost JSON object lists (its keys other than `__metadata__`), by
 * one pass over the bytes (strings and their escapes skipped, nesting tracked), building nothing.
 * Malformed JSON gives some count; JSON.parse reports the real error afterwards.
 */
function countTensorKeys(json: Uint8Array): number {
  const QUOTE = 0x22, BACKSLASH = 0x5c;
  const metadataKey = new TextEncoder().encode('"__metadata__"');
  let depth = 0, keys = 0, inString = false, expectKey = false, keyStart = -1;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) {
        inString = false;
        if (keyStart >= 0) {
          const isMetadata = i + 1 - keyStart === metadataKey.length && metadataKey.every((m, k) => json[keyStart + k] === m);
          if (!isMetadata) keys++;
          keyStart = -1;
        }
      }
    } else if (c === QUOTE) {
      inString = true;
      if (depth === 1 && expectKey) { keyStart = i; expectKey = false; }
    } else if (c === 0x7b || c === 0x5b) { depth++; if (depth === 1) expectKey = true; } // { [
    else if (c === 0x7d || c === 0x5d) depth--; // } ]
    else if (c === 0x2c && depth === 1) expectKey = true; // ,
  }
  return keys;
}

/** The header's fields in file order, keys kept verbatim (JSON.parse makes `__proto__` an own key). */
function decodeJson(json: Uint8Array, source: string): Parsed<[string, unknown][]> {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    return E.left(new FormatError(`${source}: the header is not valid UTF-8 JSON (${(e as Error).message}).`, { cause: e }));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return E.left(new FormatError(`${source}: the header must be a JSON object, got ${Array.isArray(raw) ? 'an array' : JSON.stringify(raw)}.`));
  }
  return E.right(Object.entries(raw));
}

function parseMetadata(v: unknown, source: string): Parsed<Record<string, string>> {
  const metadata = emptyRecord<string>();
  if (v === undefined || v === null) return E.right(metadata);
  if (typeof v !== 'object' || Array.isArray(v)) {
    return E.left(new FormatError(`${source}: __metadata__ must be an object of strings (or null), got ${JSON.stringify(v)}.`));
  }
  for (const [k, s] of Object.entries(v)) {
    if (typeof s !== 'string') return E.left(new FormatError(`${source}: __metadata__["${k}"] must be a string, got ${JSON.stringify(s)}.`));
    metadata[k] = s;
  }
  return E.right(metadata);
}

function parseEntry(name: string, v: unknown, where: string): Parsed<TensorEntry> {
  if (typeof v !== 'object' || v === null) return E.left(new FormatError(`${where}: expected {dtype, shape, data_offsets}, got ${JSON.stringify(v)}.`));
  const { dtype, shape, data_offsets: offsets } = v as Record<string, unknown>;
  const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
  if (typeof dtype !== 'string' || !Object.hasOwn(ELEMENT_SIZE, dtype)) {
    return E.left(new FormatError(`${where}: unknown dtype ${JSON.stringify(dtype)}; the format defines ${Object.keys(ELEMENT_SIZE).join(', ')}.`));
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    return E.left(new FormatError(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}.`));
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    return E.left(new FormatError(`${where}: data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}.`));
  }
  const want = sizeOf(shape) * ELEMENT_SIZE[dtype];
  if (offsets[1] - offsets[0] !== want) {
    return E.left(new FormatError(`${where}: ${dtype}[${shape.join(', ')}] needs ${want} bytes but data_offsets [${offsets.join(', ')}] span ${offsets[1] - offsets[0]}.`));
  }
  return E.right({ name, dtype, shape, begin: offsets[0], end: offsets[1] });
}

/** The tensors, sorted by offset, must cover the byte buffer exactly. */
function checkTiling(entries: readonly TensorEntry[], bufferLength: number, source: string): Parsed<readonly TensorEntry[]> {
  const tensors = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  for (let i = 0; i < tensors.length; i++) {
    const t = tensors[i];
    if (t.begin !== pos) {
      const prev = i ? `tensor "${tensors[i - 1].name}" ends at ${pos}` : 'the buffer starts at 0';
      return E.left(new FormatError(`${source}: tensor "${t.name}" starts at byte ${t.begin} but ${prev} ` +
        `(${t.begin > pos ? 'a gap' : 'an overlap'}); offsets must be contiguous.`));
    }
    pos = t.end;
  }
  if (pos !== bufferLength) {
    return E.left(new FormatError(`${source}: the tensors cover ${pos} bytes but the byte buffer holds ${bufferLength} ` +
      `(${pos < bufferLength ? 'trailing bytes' : 'truncated file'}).`));
  }
  return E.right(tensors);
}

/**
 * The whole header of safetensors bytes held in memory.
 * @example const header = parseSafetensorsHeader(bytes, 'upload'); if (E.isRight(header)) console.log(header.right.tensors);
 */
export function parseSafetensorsHeader(bytes: Uint8Array, source: string, limits: HeaderLimits = {}): Parsed<SafetensorsHeader> {
  return pipe(
    headerLength(bytes.subarray(0, 8), bytes.length, source),
    E.chain((n) => parseHeader(bytes.subarray(8, 8 + n), bytes.length - 8 - n, source, limits)),
  );
}

/** Throws the FormatError of a failed parse; the value otherwise. @example const h = orThrow(parseSafetensorsHeader(bytes, 'x')); */
export const orThrow = <T>(parsed: Parsed<T>): T => {
  if (E.isLeft(parsed)) throw parsed.left;
  return parsed.right;
};
