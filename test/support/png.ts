import { expect } from 'vitest';
import { IMAGE_HEIGHT, IMAGE_WIDTH, methodColour, PNG_SCALE } from '../../src/render/image.js';
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row after row. */
  rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * A small PNG decoder for tests: 8-bit greyscale, RGB, grey+alpha or RGBA, not interlaced (what
 * resvg writes). Checks the signature and chunk layout; throws on anything else.
 */
export function decodePng(data: Uint8Array): DecodedPng {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!SIGNATURE.every((b, i) => buf[i] === b)) throw new Error('not a PNG: bad signature');
  let at = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Buffer[] = [];
  let ended = false;
  while (at + 8 <= buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + length);
    if (body.length !== length) throw new Error(`truncated ${type} chunk`);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8];
      colourType = body[9] as number;
      if (depth !== 8 || CHANNELS[colourType] === undefined || body[12] !== 0)
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colourType}, interlace ${body[12]}`);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    at += 12 + length;
  }
  if (!width || !height || !ended) throw new Error('incomplete PNG: no IHDR or IEND');
  const channels = CHANNELS[colourType] as number;
  const stride = width * channels;
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data is ${raw.length} bytes, expected ${height * (stride + 1)}`);
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x += 1) {
      const a = x >= channels ? (pixels[out + x - channels] as number) : 0;
      const b = y > 0 ? (pixels[out - stride + x] as number) : 0;
      const c = x >= channels && y > 0 ? (pixels[out - stride + x - channels] as number) : 0;
      let value = line[x] as number;
      if (filter === 1) value += a;
      else if (filter === 2) value += b;
      else if (filter === 3) value += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        value += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter} on row ${y}`);
      pixels[out + x] = value & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i += 1) {
    const p = pixels.subarray(i * channels, (i + 1) * channels);
    const grey = channels <= 2;
    rgba[i * 4] = p[0] as number;
    rgba[i * 4 + 1] = (grey ? p[0] : p[1]) as number;
    rgba[i * 4 + 2] = (grey ? p[0] : p[2]) as number;
    rgba[i * 4 + 3] = channels === 2 ? (p[1] as number) : channels === 4 ? (p[3] as number) : 255;
  }
  return { width, height, rgba };
}

/** The pixel at (x, y) as [r, g, b, a]. */
export function pixelAt(png: DecodedPng, x: number, y: number): [number, number, number, number] {
  const i = (y * png.width + x) * 4;
  return [png.rgba[i] as number, png.rgba[i + 1] as number, png.rgba[i + 2] as number, png.rgba[i + 3] as number];
}

/** How many pixels have exactly this colour ("#rrggbb", opaque). */
export function countColour(png: DecodedPng, hex: string): number {
  const r = parseInt(hex.slice(1, 3), 16);
  const g = parseInt(hex.slice(3, 5), 16);
  const b = parseInt(hex.slice(5, 7), 16);
  let n = 0;
  for (let i = 0; i < png.rgba.length; i += 4)
    if (png.rgba[i] === r && png.rgba[i + 1] === g && png.rgba[i + 2] === b && png.rgba[i + 3] === 255) n += 1;
  return n;
}

/** Distinct colours, and pixels that are not the background (white by default). */
export function colourStats(png: DecodedPng, background = [255, 255, 255]): { distinct: number; nonBackground: number; dark: number } {
  const seen = new Set<number>();
  let nonBackground = 0;
  let dark = 0;
  for (let i = 0; i < png.rgba.length; i += 4) {
    const r = png.rgba[i] as number;
    const g = png.rgba[i + 1] as number;
    const b = png.rgba[i + 2] as number;
    seen.add((r << 16) | (g << 8) | b);
    if (r !== background[0] || g !== background[1] || b !== background[2]) nonBackground += 1;
    if (r < 90 && g < 90 && b < 90) dark += 1;
  }
  return { distinct: seen.size, nonBackground, dark };
}

/** Fails the test unless the bytes are the comparison chart: the expected size, not blank, the three methods' colours. */
export function expectComparisonPng(data: Buffer | undefined): void {
  expect(data).toBeDefined();
  expect(data!.length).toBeLessThan(200_000);
  const png = decodePng(data!);
  expect(png.width).toBe(IMAGE_WIDTH * PNG_SCALE);
  expect(png.height).toBe(IMAGE_HEIGHT * PNG_SCALE);
  const stats = colourStats(png);
  expect(stats.distinct).toBeGreaterThan(40);
  expect(stats.nonBackground).toBeGreaterThan(0.05 * png.width * png.height);
  for (const m of ['full', 'lora', 'qlora'] as const) expect(countColour(png, methodColour(m))).toBeGreaterThan(500);
}
