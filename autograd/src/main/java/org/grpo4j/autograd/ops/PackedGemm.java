package org.grpo4j.autograd.ops;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCRATCHPAD;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.scratchpad_mode;
import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.grpo4j.autograd.HostFloats;
import org.grpo4j.autograd.Nd;
import org.grpo4j.autograd.Parallel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * c = x op(W) (+ bias) for float32 x (m, k) by a weight packed once into oneDNN's blocked layout: the kernel behind
 * {@link PackedWeights}. The output is cut into blocks of rows by column tiles, fixed by the shape (as
 * {@link GemmTiles} cuts a skinny product), each piece a single-threaded oneDNN matmul (its brgemm kernel, which
 * oneDNN 2.5 has on AVX-512 CPUs) over its tile's own packed block of W, run on {@link Parallel}'s pool: every
 * element of c comes from one call whatever the thread count, so results are bit-identical for any number of
 * threads. What it saves is OpenBLAS packing all of W on every call, which at a decode step's few rows costs about as
 * much as the product (docs/perf.md).
 */
final class PackedGemm {
  private PackedGemm() {}

  /** Fewest columns per tile; a weight narrower than two of them is one tile. */
  static final int MIN_TILE_COLS = 128;

  /**
   * Column tiles per product ({@code -Dgrpo4j.packed.tiles}): by default one per core, at least two, so every core
   * streams its share of a decode step's weights (2, 4 and 8 tiles measured alike on 2 cores; more cores unmeasured).
   * Fixed per machine, never by the thread setting, so results stay bit-identical at any thread count.
   */
  static final int TILES = Integer.getInteger("grpo4j.packed.tiles",
      Math.max(2, Runtime.getRuntime().availableProcessors()));

  /** Rows of the product from which the packed layout is chosen; oneDNN's choice does not depend on them. */
  private static final int LAYOUT_ROWS = 64;

  /** Cached primitives beyond which the cache is emptied (distinct row counts of prefills add entries). */
  private static final int MAX_PRIMITIVES = 512;

  /** Columns per tile of an n-column product: an n / {@link #TILES}-th rounded up to 64, or n when small. */
  static int tileCols(int n) {
    if (n < 2 * MIN_TILE_COLS || TILES <= 1) {
      return n;
    }
    return Math.max(MIN_TILE_COLS, (n + TILES - 1) / TILES + 63) / 64 * 64;
  }

  /** True when oneDNN's library loads here and has its packed-weight kernel for this CPU (checked once). */
  static boolean available() {
    return Native.ENGINE != null && Native.BLOCKED;
  }

  /** A weight (k, n) packed tile by tile into blocks of {@link PackedBuffers}; holds them until closed. */
  static final class Packed implements AutoCloseable {
    final int k;
    final int n;
    final int cols;
    final memory[] tiles;
    private final PackedBuffers.Block[] blocks;

    /** False where the weight was left unpacked (no blocked kernel): its products stay on OpenBLAS. */
    boolean usable() {
      return tiles.length > 0;
    }

    private Packed(int k, int n, int cols, memory[] tiles, PackedBuffers.Block[] blocks) {
      this.k = k;
      this.n = n;
      this.cols = cols;
      this.tiles = tiles;
      this.blocks = blocks;
    }

    /** Releases the tiles and gives their blocks back for the next scope. */
    @Override
    public void close() {
      for (int t = 0; t < tiles.length; t++) {
        if (tiles[t] != null) {
          tiles[t].close();
          tiles[t] = null;
        }
        if (blocks[t] != null) {
          PackedBuffers.give(blocks[t]);
          blocks[t] = null;
        }
      }
    }
  }

  /**
   * Packs W (k, n), or W^T for W (n, k) when {@code tw}, into column tiles of {@link #tileCols}; a Packed without
   * tiles where oneDNN has no blocked kernel for it ({@link #fast}).
   */
  static Packed pack(INDArray w, boolean tw) {
    int k = (int) (tw ? w.size(1) : w.size(0));
    int n = (int) (tw ? w.size(0) : w.size(1));
    if (k == 0 || n == 0 || !fast(k, n)) {
      return new Packed(k, n, n, new memory[0], new PackedBuffers.Block[0]);
    }
    int cols = tileCols(n);
    int count = (n + cols - 1) / cols;
    memory[] tiles = new memory[count];
    PackedBuffers.Block[] blocks = new PackedBuffers.Block[count];
    Packed packed = new Packed(k, n, cols, tiles, blocks);
    try {
      packInto(packed, Nd.contiguous(w), tw);
    } catch (RuntimeException | Error e) {
      packed.close(); // the blocks taken so far go back
      throw e;
    }
    return packed;
  }

  private static void packInto(Packed p, INDArray dense, boolean tw) {
    int k = p.k;
    int n = p.n;
    int cols = p.cols;
    memory[] tiles = p.tiles;
    long base = HostFloats.address(dense);
    stream s = Native.stream();
    for (int t = 0; t < tiles.length; t++) {
      int col = t * cols;
      int width = Math.min(cols, n - col);
      long[] strides = tw ? new long[] {1, k} : new long[] {n, 1};
      long at = base + 4L * (tw ? (long) col * k : col);
      memory.desc plainDesc = new memory.desc(new long[] {k, width}, memory.data_type.f32, strides);
      memory plainTile = new memory(plainDesc, Native.ENGINE, aim(at));
      memory.desc packedDesc = layout(k, width);
      p.blocks[t] = PackedBuffers.take(packedDesc.get_size());
      tiles[t] = new memory(packedDesc, Native.ENGINE, aim(p.blocks[t].address()));
      new reorder(plainTile, tiles[t]).execute(s, plainTile, tiles[t]);
      s._wait();
      plainTile.close();
    }
  }

  /**
   * c (m, n) = x (m, k) op(W) + bias (n,) (bias null: none); x and c dense float32, c not aliasing x. Pieces are
   * blocks of up to {@link #ROW_BLOCK} rows by column tiles, fixed by the shape; a piece of a product with several
   * tiles writes its dense block into the thread's scratch and copies it row by row into its columns of c (oneDNN
   * 2.5's brgemm takes dense outputs only).
   */
  static void run(Packed p, INDArray x, INDArray c, INDArray bias, int m) {
    long xa = HostFloats.address(x);
    long ca = HostFloats.address(c);
    long ba = bias == null ? 0 : HostFloats.address(bias);
    int count = p.tiles.length;
    int blocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
    Parallel.forEach(blocks * count, blocks * count > 1 ? (long) m * p.n * p.k : 0, piece -> {
      int row = piece / count * ROW_BLOCK;
      int rows = Math.min(ROW_BLOCK, m - row);
      int t = piece % count;
      int col = t * p.cols;
      int width = Math.min(p.cols, p.n - col);
      Primitive prim = primitive(new Shape(rows, p.k, width, bias != null));
      Bound b = prim.bound();
      Pointer out = count == 1 ? null : Dnnl.Scratch.floats((long) rows * width);
      b.src.set_data_handle(aim(xa + 4L * row * p.k));
      b.dst.set_data_handle(out == null ? aim(ca + 4L * row * p.n) : out);
      if (b.bias != null) {
        b.bias.set_data_handle(aim(ba + 4L * col));
      }
      b.args.put(DNNL_ARG_WEIGHTS, p.tiles[t]);
      stream s = Native.stream();
      prim.matmul.execute(s, b.args);
      s._wait();
      if (out != null) {
        Dnnl.Scratch.copyRows(out.address(), ca + 4L * ((long) row * p.n + col), rows, width, p.n);
      }
    });
  }

  /**
   * Rows per piece: a decode step's rows (at most the slots) are one block; a prefill's thousands are cut so each
   * thread's scratch stays at most this many rows of a tile.
   */
  static final int ROW_BLOCK = 256;

  /** One tile's product: m rows, k inner, {@code width} columns into a dense block, with or without bias. */
  private record Shape(int m, int k, int width, boolean bias) {}

  private static final Dnnl.Cache<Shape, Primitive> PRIMITIVES = new Dnnl.Cache<>(MAX_PRIMITIVES, Primitive::new);
  private static final Map<Long, matmul.primitive_desc> LAYOUTS = new ConcurrentHashMap<>();

  /** The packed layout oneDNN picks for a (k, width) weight (the same for every row count). */
  private static memory.desc layout(int k, int width) {
    return layoutPd(k, width).weights_desc();
  }

  /**
   * True when oneDNN multiplies a (k, n) weight by its brgemm kernel on a packed layout here, the path measured
   * (docs/perf.md). oneDNN 2.5 has it on AVX-512 CPUs; elsewhere it picks its jit GEMM on plain weights (nothing
   * packed, unmeasured against OpenBLAS) or its reference loops (far slower), so such weights stay on OpenBLAS.
   */
  static boolean fast(int k, int n) {
    return layoutPd(k, tileCols(n)).impl_info_str().getString().startsWith("brg");
  }

  private static matmul.primitive_desc layoutPd(int k, int width) {
    return LAYOUTS.computeIfAbsent(((long) k << 32) | width, key -> {
      memory.desc any = new memory.desc(new long[] {k, width}, memory.data_type.f32, memory.format_tag.any);
      memory.desc src = new memory.desc(new long[] {LAYOUT_ROWS, k}, memory.data_type.f32, memory.format_tag.ab);
      memory.desc dst = new memory.desc(new long[] {LAYOUT_ROWS, width}, memory.data_type.f32, memory.format_tag.ab);
      return new matmul.primitive_desc(new matmul.desc(src, any, dst), Native.ENGINE);
    });
  }

  private static Primitive primitive(Shape s) {
    return PRIMITIVES.get(s);
  }

  /** A matmul primitive for one {@link Shape} over the packed layout, with each thread's own bindings. */
  private static final class Primitive {
    final matmul matmul;
    final memory.desc src;
    final memory.desc dst;
    final memory.desc bias;
    final memory.desc scratch;
    final ThreadLocal<Bound> bound;

    Primitive(Shape s) {
      src = new memory.desc(new long[] {s.m(), s.k()}, memory.data_type.f32, memory.format_tag.ab);
      dst = new memory.desc(new long[] {s.m(), s.width()}, memory.data_type.f32, memory.format_tag.ab);
      bias = s.bias() ? new memory.desc(new long[] {1, s.width()}, memory.data_type.f32, memory.format_tag.ab) : null;
      primitive_attr attr = new primitive_attr();
      attr.set_scratchpad_mode(scratchpad_mode.user); // each thread its own scratchpad: safe to run concurrently
      memory.desc weights = layout(s.k(), s.width());
      matmul.desc d = bias == null ? new matmul.desc(src, weights, dst) : new matmul.desc(src, weights, bias, dst);
      matmul.primitive_desc pd = new matmul.primitive_desc(d, attr, Native.ENGINE);
      scratch = pd.scratchpad_desc();
      matmul = new matmul(pd);
      bound = ThreadLocal.withInitial(() -> new Bound(this));
    }

    Bound bound() {
      return bound.get();
    }
  }

  /** One thread's memory objects for a primitive; their data handles are re-aimed before every call. */
  private static final class Bound {
    final memory src;
    final memory dst;
    final memory bias;
    final IntMemoryMap args = new IntMemoryMap();

    Bound(Primitive p) {
      src = new memory(p.src, Native.ENGINE, aim(0));
      dst = new memory(p.dst, Native.ENGINE, aim(0));
      bias = p.bias == null ? null : new memory(p.bias, Native.ENGINE, aim(0));
      args.put(DNNL_ARG_SRC, src);
      args.put(DNNL_ARG_DST, dst);
      if (bias != null) {
        args.put(DNNL_ARG_BIAS, bias);
      }
      if (p.scratch.get_size() > 0) {
        args.put(DNNL_ARG_SCRATCHPAD, new memory(p.scratch, Native.ENGINE));
      }
    }
  }

  private static Pointer aim(long address) {
    return Dnnl.aim(address);
  }

  /** oneDNN's CPU engine and each thread's stream ({@link Dnnl}), and whether this CPU has the packed kernel. */
  private static final class Native {
    static final engine ENGINE = Dnnl.ENGINE;
    /** oneDNN's choice for a GPT-2-small-sized weight tile: brgemm on a packed layout, or not on this CPU. */
    static final boolean BLOCKED = ENGINE != null && fast(768, 768);

    static stream stream() {
      return Dnnl.stream();
    }
  }
}
