// Conversions between BigInt, f64 and BigDecimal done inside WebAssembly, without host calls: the handlers
// compute in f64 (deterministic under graph-node) and store BigDecimal only where it is queried.
import { BigDecimal, BigInt, Bytes } from "@graphprotocol/graph-ts";

/** Significant digits kept when an f64 is stored as a BigDecimal (an f64 holds 15 to 17). */
export const SIGNIFICANT_DIGITS: i32 = 15;

/** 10^k for 0 <= k; exact up to 10^22. */
export function pow10(k: i32): f64 {
  let p: f64 = 1.0;
  for (let i = 0; i < k; i++) p *= 10.0;
  return p;
}

/** The value of a BigInt as the nearest f64 (within one unit of the last place). */
export function bigIntToF64(x: BigInt): f64 {
  const n = x.length;
  if (n == 0) return 0.0;
  const negative = (x[n - 1] & 0x80) != 0;
  // Magnitude bytes, little-endian: two's complement negated in place of a host call.
  const magnitude = new Uint8Array(n);
  let carry: u32 = 1;
  for (let i = 0; i < n; i++) {
    if (negative) {
      const b: u32 = (~(<u32>x[i]) & 0xff) + carry;
      magnitude[i] = <u8>(b & 0xff);
      carry = b >> 8;
    } else {
      magnitude[i] = x[i];
    }
  }
  let top = n;
  while (top > 0 && magnitude[top - 1] == 0) top--;
  if (top == 0) return 0.0;
  const start = top > 8 ? top - 8 : 0;
  let high: u64 = 0;
  for (let i = top - 1; i >= start; i--) high = (high << 8) | <u64>magnitude[i];
  let value = <f64>high;
  for (let i = 0; i < start; i++) value *= 256.0;
  return negative ? -value : value;
}

/** `v` rounded to SIGNIFICANT_DIGITS significant digits, as a BigDecimal (0 for 0, NaN or an infinity). */
export function decimalFromF64(v: f64): BigDecimal {
  if (v == 0.0 || !isFinite(v)) return new BigDecimal(BigInt.zero());
  const negative = v < 0.0;
  const a = negative ? -v : v;
  const top = SIGNIFICANT_DIGITS - 1;
  let e = <i32>Math.floor(Math.log10(a));
  let m = <i64>Math.round(scale10(a, top - e));
  // log10 can be off by one next to a power of ten; the mantissa must have exactly SIGNIFICANT_DIGITS digits.
  const lowest = <i64>pow10(top);
  if (m < lowest) {
    e -= 1;
    m = <i64>Math.round(scale10(a, top - e));
  }
  if (m >= lowest * 10) {
    e += 1;
    m = <i64>Math.round(scale10(a, top - e));
    if (m >= lowest * 10) m = lowest;
  }
  let exponent = e - top;
  while (m % 10 == 0) {
    m /= 10;
    exponent += 1;
  }
  const result = new BigDecimal(BigInt.fromI64(negative ? -m : m));
  result.exp = BigInt.fromI32(exponent);
  return result;
}

/** The value of a BigDecimal as an f64. */
export function decimalToF64(d: BigDecimal): f64 {
  const digits = bigIntToF64(d.digits);
  const exponent = d.exp.toI32();
  return scale10(digits, exponent);
}

/** a * 10^k, with one rounding for |k| <= 22. */
function scale10(a: f64, k: i32): f64 {
  return k >= 0 ? a * pow10(k) : a / pow10(-k);
}

/** A BigInt from an i64 (no host call). */
export function bigInt(value: i64): BigInt {
  return BigInt.fromI64(value);
}

/** `bytes` followed by `value` as 4 big-endian bytes. */
export function appendU32(bytes: Bytes, value: u32): Bytes {
  const out = new Bytes(bytes.length + 4);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i];
  out[bytes.length] = <u8>(value >> 24);
  out[bytes.length + 1] = <u8>(value >> 16);
  out[bytes.length + 2] = <u8>(value >> 8);
  out[bytes.length + 3] = <u8>value;
  return out;
}

/** `a` followed by `b`. */
export function concat(a: Bytes, b: Bytes): Bytes {
  const out = new Bytes(a.length + b.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i];
  for (let i = 0; i < b.length; i++) out[a.length + i] = b[i];
  return out;
}

/** Whether a BigInt (little-endian two's complement) is negative. */
function isNegative(x: BigInt): boolean {
  return x.length > 0 && (x[x.length - 1] & 0x80) != 0;
}

/** `bytes` without redundant sign-extension bytes at the top, as a new BigInt of at least one byte. */
function trimmed(bytes: BigInt, length: i32): BigInt {
  let n = length;
  while (n > 1) {
    const top = bytes[n - 1];
    const below = bytes[n - 2] & 0x80;
    if ((top == 0 && below == 0) || (top == 0xff && below != 0)) n--;
    else break;
  }
  if (n == bytes.length) return bytes;
  const out = new BigInt(n);
  for (let i = 0; i < n; i++) out[i] = bytes[i];
  return out;
}

/** a + b on the two's complement bytes, inside WebAssembly (graph-ts's `plus` is a host call). */
export function addBigInt(a: BigInt, b: BigInt): BigInt {
  const n = (a.length > b.length ? a.length : b.length) + 1;
  const aFill: u32 = isNegative(a) ? 0xff : 0;
  const bFill: u32 = isNegative(b) ? 0xff : 0;
  const out = new BigInt(n);
  let carry: u32 = 0;
  for (let i = 0; i < n; i++) {
    const sum = (i < a.length ? <u32>a[i] : aFill) + (i < b.length ? <u32>b[i] : bFill) + carry;
    out[i] = <u8>(sum & 0xff);
    carry = sum >> 8;
  }
  return trimmed(out, n);
}

/** -x on the two's complement bytes, inside WebAssembly. */
export function negBigInt(x: BigInt): BigInt {
  const n = x.length + 1;
  const fill: u32 = isNegative(x) ? 0xff : 0;
  const out = new BigInt(n);
  let carry: u32 = 1;
  for (let i = 0; i < n; i++) {
    const sum = (~(i < x.length ? <u32>x[i] : fill) & 0xff) + carry;
    out[i] = <u8>(sum & 0xff);
    carry = sum >> 8;
  }
  return trimmed(out, n);
}

/** a - b, inside WebAssembly. */
export function subBigInt(a: BigInt, b: BigInt): BigInt {
  return addBigInt(a, negBigInt(b));
}

/** |x|, inside WebAssembly. */
export function absBigInt(x: BigInt): BigInt {
  return isNegative(x) ? negBigInt(x) : x;
}
