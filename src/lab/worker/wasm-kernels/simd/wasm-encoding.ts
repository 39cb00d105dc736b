/**
 * Just enough of the WebAssembly binary format to write the course's kernels (simd-module.ts) as
 * instructions, in TypeScript, with no compiler: numbers as LEB128, sections, and a function body builder
 * with one method per instruction it uses.
 *
 * Why by hand: tfjs-backend-wasm is compiled C++, and its products run on XNNPACK's 128-bit SIMD kernels
 * without fused multiply-add. Relaxed SIMD's `f32x4.relaxed_madd` becomes one FMA instruction where the CPU
 * has it, but needs a module built for it; a few hundred bytes written here need no toolchain, and the same
 * code emits the variant without it for browsers that lack relaxed SIMD. Opcodes are from the WebAssembly
 * 2.0 specification and the relaxed SIMD proposal.
 */

export const ValueType = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const;
export type ValueType = (typeof ValueType)[keyof typeof ValueType];

/** An unsigned LEB128 number: 7 bits a byte, high bit set on all but the last. */
export function unsigned(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    const byte = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? byte : byte | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** A signed LEB128 number (i32.const's operand). */
export function signed(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

/** A vector: its length, then its items. */
export function vector(items: readonly (readonly number[])[]): number[] {
  return [...unsigned(items.length), ...items.flat()];
}

export function name(text: string): number[] {
  return vector([...new TextEncoder().encode(text)].map((byte) => [byte]));
}

export function section(id: number, body: readonly number[]): number[] {
  return [id, ...unsigned(body.length), ...body];
}

const SIMD = 0xfd;

/** log2 of an access's natural alignment, the hint every load and store carries. */
const ALIGN = { f32: 2, v128: 4 } as const;

/**
 * The instructions of one function. Parameters are locals 0…n-1; `local` adds more. Every method appends
 * its instruction and returns the builder, so a line of code reads as a line of WebAssembly text.
 */
export class FunctionBody {
  readonly #code: number[] = [];
  readonly #localTypes: ValueType[] = [];
  /** How many i32 parameters the function takes (the course's functions take only addresses and sizes). */
  readonly parameterCount: number;

  constructor(parameterCount: number) {
    this.parameterCount = parameterCount;
  }

  /** A new local of `type`, by index. */
  local(type: ValueType): number {
    this.#localTypes.push(type);
    return this.parameterCount + this.#localTypes.length - 1;
  }

  /** The encoded body: its locals in runs of one type, the code, `end`, all prefixed by its size. */
  encode(): number[] {
    const runs: number[][] = [];
    for (const type of this.#localTypes) {
      const last = runs.at(-1);
      if (last != null && last[1] === type) last[0]++;
      else runs.push([1, type]);
    }
    const body = [...vector(runs.map(([count, type]) => [...unsigned(count), type])), ...this.#code, 0x0b];
    return [...unsigned(body.length), ...body];
  }

  #emit(...bytes: number[]): this {
    this.#code.push(...bytes);
    return this;
  }
  #simd(opcode: number, ...immediates: number[]): this {
    return this.#emit(SIMD, ...unsigned(opcode), ...immediates);
  }

  get(index: number) {
    return this.#emit(0x20, ...unsigned(index));
  }
  set(index: number) {
    return this.#emit(0x21, ...unsigned(index));
  }
  i32(value: number) {
    return this.#emit(0x41, ...signed(value));
  }
  f32Zero() {
    return this.#emit(0x43, 0, 0, 0, 0);
  }
  add() {
    return this.#emit(0x6a);
  }
  sub() {
    return this.#emit(0x6b);
  }
  mul() {
    return this.#emit(0x6c);
  }
  eq() {
    return this.#emit(0x46);
  }
  /** i32.div_u: the course's operands are non-negative. */
  divide() {
    return this.#emit(0x6e);
  }
  lessThan() {
    return this.#emit(0x48); // i32.lt_s
  }
  atLeast() {
    return this.#emit(0x4e); // i32.ge_s
  }
  atMost() {
    return this.#emit(0x4c); // i32.le_s
  }
  and() {
    return this.#emit(0x71);
  }
  select() {
    return this.#emit(0x1b);
  }

  block() {
    return this.#emit(0x02, 0x40);
  }
  loop() {
    return this.#emit(0x03, 0x40);
  }
  /** `if` whose branches leave nothing, or one value of `result`. */
  if(result?: ValueType) {
    return this.#emit(0x04, result ?? 0x40);
  }
  else() {
    return this.#emit(0x05);
  }
  end() {
    return this.#emit(0x0b);
  }
  br(depth: number) {
    return this.#emit(0x0c, ...unsigned(depth));
  }
  brIf(depth: number) {
    return this.#emit(0x0d, ...unsigned(depth));
  }

  f32Load(offset = 0) {
    return this.#emit(0x2a, ALIGN.f32, ...unsigned(offset));
  }
  f32Store(offset = 0) {
    return this.#emit(0x38, ALIGN.f32, ...unsigned(offset));
  }
  v128Load(offset = 0) {
    return this.#simd(0x00, ALIGN.v128, ...unsigned(offset));
  }
  v128Store(offset = 0) {
    return this.#simd(0x0b, ALIGN.v128, ...unsigned(offset));
  }
  /** Loads one float and copies it into all four lanes. */
  v128Load32Splat(offset = 0) {
    return this.#simd(0x09, ALIGN.f32, ...unsigned(offset));
  }
  v128Zero() {
    return this.#simd(0x0c, ...new Array<number>(16).fill(0));
  }
  f32Add() {
    return this.#emit(0x92);
  }
  /** Copies `size` bytes from `source` to `destination` (bulk memory). Operands pushed as destination, source, size. */
  memoryCopy() {
    return this.#emit(0xfc, ...unsigned(10), 0, 0);
  }
  f32x4Add() {
    return this.#simd(0xe4);
  }
  f32x4Mul() {
    return this.#simd(0xe6);
  }
  /** a·b + c lane by lane, fused where the CPU can (relaxed SIMD). Operands pushed as a, b, c. */
  f32x4RelaxedMadd() {
    return this.#simd(0x105);
  }

  /**
   * `for (counter = from; counter < limit; counter += step) body`: counter is an i32 local, from a number or
   * `{ local }`, limit a local or `{ constant }`, step a number or `{ local }`. Inside `body`, depth 0 is the loop (continue) and depth 1
   * the block around it (break).
   */
  forLoop(
    counter: number,
    from: number | { local: number },
    limit: number | { constant: number },
    step: number | { local: number },
    body: () => void,
  ): this {
    if (typeof from === 'number') this.i32(from);
    else this.get(from.local);
    this.set(counter).block().loop();
    this.get(counter);
    if (typeof limit === 'number') this.get(limit);
    else this.i32(limit.constant);
    this.atLeast().brIf(1);
    body();
    this.get(counter);
    if (typeof step === 'number') this.i32(step);
    else this.get(step.local);
    this.add().set(counter).br(0);
    return this.end().end();
  }
}
