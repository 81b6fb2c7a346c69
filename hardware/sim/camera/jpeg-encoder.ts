/**
 * A baseline JPEG encoder (ITU T.81) for the simulated camera: YCbCr with 4:2:0 chroma, the standard
 * quantisation tables scaled by quality as libjpeg does, the standard Huffman tables, a float AAN
 * DCT. It exists for speed: a camera photo has to encode in a few tens of milliseconds, which the
 * general-purpose JavaScript encoders (bit-at-a-time output, no chroma subsampling) do not reach.
 * Output decodes with any JPEG decoder; tests check it with jpeg-js.
 */

/** Natural-order index of each zig-zag position. */
const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** Annex K.1 quantisation tables, natural order. */
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array<number>(32).fill(99),
];

/** Annex K.3 Huffman tables: code counts per length 1–16, then the symbols (hex pairs). */
const HUFFMAN = {
  lumaDc: { counts: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], symbols: '000102030405060708090a0b' },
  chromaDc: { counts: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], symbols: '000102030405060708090a0b' },
  lumaAc: {
    counts: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
    symbols:
      '01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a' +
      '535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7' +
      'c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa',
  },
  chromaAc: {
    counts: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
    symbols:
      '000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748' +
      '494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4' +
      'c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa',
  },
};

/** The AAN DCT's output scale per row/column. */
const AAN = [1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379];

interface Huffman {
  counts: number[];
  symbols: number[];
  /** Code and its length, by symbol. */
  code: Uint16Array;
  size: Uint8Array;
}

function huffman(spec: { counts: number[]; symbols: string }): Huffman {
  const symbols = spec.symbols.match(/../g)!.map((h) => parseInt(h, 16));
  const code = new Uint16Array(256), size = new Uint8Array(256);
  let c = 0, k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < spec.counts[len - 1]; i++) {
      code[symbols[k]] = c++;
      size[symbols[k++]] = len;
    }
    c <<= 1;
  }
  return { counts: spec.counts, symbols, code, size };
}

const TABLES = { lumaDc: huffman(HUFFMAN.lumaDc), chromaDc: huffman(HUFFMAN.chromaDc), lumaAc: huffman(HUFFMAN.lumaAc), chromaAc: huffman(HUFFMAN.chromaAc) };

/** The quality-scaled table in zig-zag order (for DQT) and the divisors the DCT output is multiplied by. */
function quantiser(base: number[], quality: number): { zigzag: Uint8Array; factors: Float64Array } {
  const scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  const q = base.map((b) => Math.min(255, Math.max(1, Math.floor((b * scale + 50) / 100))));
  const factors = new Float64Array(64);
  for (let i = 0; i < 64; i++) factors[i] = 1 / (q[i] * AAN[i >> 3] * AAN[i & 7] * 8);
  return { zigzag: Uint8Array.from(ZIGZAG, (n) => q[n]), factors };
}

/** Output with bit-level writing and 0xFF byte stuffing. */
class BitWriter {
  buf: Uint8Array;
  pos = 0;
  private acc = 0;
  private bits = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  bytes(b: ArrayLike<number>): void {
    this.ensure(b.length);
    for (let i = 0; i < b.length; i++) this.buf[this.pos++] = b[i];
  }

  /** Appends the low `n` bits of `v` (n ≤ 16). */
  put(v: number, n: number): void {
    this.acc = (this.acc << n) | (v & ((1 << n) - 1));
    this.bits += n;
    while (this.bits >= 8) {
      this.bits -= 8;
      const byte = (this.acc >>> this.bits) & 0xff;
      if (this.pos + 2 > this.buf.length) this.ensure(2);
      this.buf[this.pos++] = byte;
      if (byte === 0xff) this.buf[this.pos++] = 0;
    }
    this.acc &= (1 << this.bits) - 1;
  }

  /** Pads the last byte with ones, as the standard asks. */
  flush(): void {
    if (this.bits > 0) this.put(0x7f, 8 - this.bits);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
}

/** In-place forward DCT of an 8 × 8 block (AAN, float), then quantisation into `out` (natural order). */
function dctQuantise(d: Float64Array, factors: Float64Array, out: Int16Array): void {
  // Rows (elements 1 apart), then columns (8 apart).
  for (let o = 0; o < 64; o += 8) dct8(d, o, 1);
  for (let o = 0; o < 8; o++) dct8(d, o, 8);
  for (let i = 0; i < 64; i++) {
    const v = d[i] * factors[i];
    out[i] = v < 0 ? -((0.5 - v) | 0) : (v + 0.5) | 0;
  }
}

/** One 8-point AAN DCT over `d[o]`, `d[o + s]`, … `d[o + 7s]`. */
function dct8(d: Float64Array, o: number, s: number): void {
  const a0 = d[o], a1 = d[o + s], a2 = d[o + 2 * s], a3 = d[o + 3 * s];
  const a4 = d[o + 4 * s], a5 = d[o + 5 * s], a6 = d[o + 6 * s], a7 = d[o + 7 * s];
  const t0 = a0 + a7, t7 = a0 - a7, t1 = a1 + a6, t6 = a1 - a6;
  const t2 = a2 + a5, t5 = a2 - a5, t3 = a3 + a4, t4 = a3 - a4;
  const t10 = t0 + t3, t13 = t0 - t3, t11 = t1 + t2, t12 = t1 - t2;
  d[o] = t10 + t11;
  d[o + 4 * s] = t10 - t11;
  const z1 = (t12 + t13) * 0.707106781;
  d[o + 2 * s] = t13 + z1;
  d[o + 6 * s] = t13 - z1;
  const s10 = t4 + t5, s11 = t5 + t6, s12 = t6 + t7;
  const z5 = (s10 - s12) * 0.382683433;
  const z2 = 0.5411961 * s10 + z5, z4 = 1.306562965 * s12 + z5, z3 = s11 * 0.707106781;
  const z11 = t7 + z3, z13 = t7 - z3;
  d[o + 5 * s] = z13 + z2;
  d[o + 3 * s] = z13 - z2;
  d[o + s] = z11 + z4;
  d[o + 7 * s] = z11 - z4;
}

/** Number of bits in the magnitude of `v` (its JPEG size category). */
function category(v: number): number {
  return v === 0 ? 0 : 32 - Math.clz32(v < 0 ? -v : v);
}

/** Entropy-codes one quantised block; returns its DC value for the next block's difference. */
function encodeBlock(w: BitWriter, q: Int16Array, prevDc: number, dc: Huffman, ac: Huffman): number {
  const diff = q[0] - prevDc;
  const n = category(diff);
  w.put(dc.code[n], dc.size[n]);
  if (n) w.put(diff < 0 ? diff - 1 : diff, n);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const v = q[ZIGZAG[k]];
    if (v === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      w.put(ac.code[0xf0], ac.size[0xf0]);
      run -= 16;
    }
    const s = category(v);
    const sym = (run << 4) | s;
    w.put(ac.code[sym], ac.size[sym]);
    w.put(v < 0 ? v - 1 : v, s);
    run = 0;
  }
  if (run > 0) w.put(ac.code[0], ac.size[0]);
  return q[0];
}

function segment(w: BitWriter, marker: number, body: number[]): void {
  w.bytes([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]);
}

function huffmanSegment(w: BitWriter, tables: [number, Huffman][]): void {
  segment(w, 0xc4, tables.flatMap(([id, t]) => [id, ...t.counts, ...t.symbols]));
}

/**
 * Encodes RGBA pixels (alpha ignored) as a baseline JPEG of `quality` 1–100, with `app1` segment
 * bodies (EXIF, XMP) right after the start; a file without them gets a JFIF header instead.
 */
export function encodeJpeg(rgba: ArrayLike<number>, width: number, height: number, quality: number, app1: readonly Uint8Array[] = []): Buffer {
  if (!(Number.isInteger(quality) && quality >= 1 && quality <= 100)) throw new RangeError(`JPEG quality must be a whole number 1-100, got ${quality}`);
  if (!(width > 0 && height > 0 && width < 65536 && height < 65536 && rgba.length >= width * height * 4)) throw new RangeError(`JPEG image must be 1-65535 pixels a side with RGBA data, got ${width} × ${height}`);
  const luma = quantiser(LUMA_Q, quality), chroma = quantiser(CHROMA_Q, quality);
  // Aerial photos compress to about a fifth of a byte per pixel at quality 85; the writer grows if not.
  const w = new BitWriter(((width * height) >> 2) + 4096);
  w.bytes([0xff, 0xd8]);
  if (app1.length === 0) segment(w, 0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  for (const body of app1) {
    if (body.length > 65533) throw new RangeError(`JPEG APP1 segment too long: ${body.length} bytes`);
    w.bytes([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
    w.bytes(body);
  }
  segment(w, 0xdb, [0, ...luma.zigzag, 1, ...chroma.zigzag]);
  // Y samples 2 × 2 per chroma sample; chroma components use table 1.
  segment(w, 0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  huffmanSegment(w, [[0x00, TABLES.lumaDc], [0x10, TABLES.lumaAc], [0x01, TABLES.chromaDc], [0x11, TABLES.chromaAc]]);
  segment(w, 0xda, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);

  const ys = [new Float64Array(64), new Float64Array(64), new Float64Array(64), new Float64Array(64)];
  const cb = new Float64Array(64), cr = new Float64Array(64), q = new Int16Array(64);
  let dcY = 0, dcCb = 0, dcCr = 0;
  for (let my = 0; my < height; my += 16) {
    for (let mx = 0; mx < width; mx += 16) {
      cb.fill(0);
      cr.fill(0);
      const inside = mx + 16 <= width && my + 16 <= height;
      for (let j = 0; j < 16; j++) {
        // Past the edge, repeat the last row and column.
        const row = (inside ? my + j : Math.min(my + j, height - 1)) * width;
        const yb = ys[(j >> 3) * 2], yo = (j & 7) * 8, c0 = (j >> 1) * 8;
        for (let i = 0; i < 16; i++) {
          const p = (row + (inside ? mx + i : Math.min(mx + i, width - 1))) * 4;
          const r = rgba[p], g = rgba[p + 1], b = rgba[p + 2];
          (i < 8 ? yb : ys[(j >> 3) * 2 + 1])[yo + (i & 7)] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
          const c = c0 + (i >> 1);
          cb[c] += -0.042184 * r - 0.082816 * g + 0.125 * b;
          cr[c] += 0.125 * r - 0.104672 * g - 0.020328 * b;
        }
      }
      for (const yblock of ys) {
        dctQuantise(yblock, luma.factors, q);
        dcY = encodeBlock(w, q, dcY, TABLES.lumaDc, TABLES.lumaAc);
      }
      dctQuantise(cb, chroma.factors, q);
      dcCb = encodeBlock(w, q, dcCb, TABLES.chromaDc, TABLES.chromaAc);
      dctQuantise(cr, chroma.factors, q);
      dcCr = encodeBlock(w, q, dcCr, TABLES.chromaDc, TABLES.chromaAc);
    }
  }
  w.flush();
  w.bytes([0xff, 0xd9]);
  return Buffer.from(w.buf.buffer, 0, w.pos);
}
