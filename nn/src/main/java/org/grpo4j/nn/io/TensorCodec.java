package org.grpo4j.nn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves tensor bytes between files and ND4J's native memory in bounded chunks: no heap copy of a whole tensor, so
 * reading or writing a file needs about one copy of its tensors in memory.
 */
final class TensorCodec {
  /** Largest chunk transferred at once between a file and native memory. */
  private static final int DIRECT_CHUNK = 1 << 26;
  /** Size of the heap buffer used when bytes must be converted (F16, BF16) or staged for a stream. */
  private static final int STAGING = 1 << 20;

  private TensorCodec() {}

  /** Reads the tensor {@code info} from {@code channel}, whose data section starts at {@code dataStart}. */
  static INDArray read(Path file, FileChannel channel, long dataStart, TensorInfo info) throws IOException {
    requireLittleEndian();
    INDArray out = Nd4j.createUninitialized(info.dtype().readType(), info.shapeArray(), 'c');
    long count = info.elementCount();
    if (count == 0) {
      return out;
    }
    long position = dataStart + info.begin();
    if (info.dtype().rawCopy()) {
      for (long done = 0; done < info.byteLength(); ) {
        int n = (int) Math.min(DIRECT_CHUNK, info.byteLength() - done);
        readFully(file, channel, nativeView(out, done, n), position + done, info);
        done += n;
      }
    } else {
      readWidened(file, channel, position, info, out, count);
    }
    Reference.reachabilityFence(out);
    return out;
  }

  /** Reads 16-bit floats (F16 or BF16) in chunks and widens them into the FLOAT array {@code out}. */
  private static void readWidened(Path file, FileChannel channel, long position, TensorInfo info, INDArray out,
      long count) throws IOException {
    boolean bf16 = info.dtype() == SafetensorsDtype.BF16;
    ByteBuffer staging = ByteBuffer.allocate(STAGING).order(ByteOrder.LITTLE_ENDIAN);
    for (long done = 0; done < count; ) {
      int n = (int) Math.min(STAGING / 2, count - done);
      staging.clear().limit(2 * n);
      readFully(file, channel, staging, position + 2 * done, info);
      FloatBuffer dst = nativeView(out, 4 * done, 4 * n).asFloatBuffer();
      for (int i = 0; i < n; i++) {
        short bits = staging.getShort(2 * i);
        dst.put(i, bf16 ? HalfFloats.bf16ToFloat(bits) : HalfFloats.halfToFloat(bits));
      }
      done += n;
    }
  }

  private static void readFully(Path file, FileChannel channel, ByteBuffer dst, long position, TensorInfo info)
      throws IOException {
    while (dst.hasRemaining()) {
      int n = channel.read(dst, position);
      if (n < 0) {
        throw new SafetensorsException(file, "truncated while reading tensor '" + info.name()
            + "': the file ended at byte " + position + " (was it modified while being read?)");
      }
      position += n;
    }
  }

  /** The array to write for {@code array}: itself when it is a dense C-order block, otherwise a C-order copy. */
  static INDArray contiguous(INDArray array) {
    boolean dense = array.isEmpty() || array.rank() == 0
        || (array.ordering() == 'c' && Shape.hasDefaultStridesForShape(array));
    return dense ? array : array.dup('c');
  }

  /** Writes the raw little-endian bytes of {@code array} (from {@link #contiguous}) to {@code out}. */
  static void write(OutputStream out, INDArray array, byte[] staging) throws IOException {
    requireLittleEndian();
    if (array.isEmpty() || array.length() == 0) {
      return;
    }
    long bytes = array.length() * array.data().getElementSize();
    for (long done = 0; done < bytes; ) {
      int n = (int) Math.min(staging.length, bytes - done);
      nativeView(array, done, n).get(staging, 0, n);
      out.write(staging, 0, n);
      done += n;
    }
    Reference.reachabilityFence(array);
  }

  /** A little-endian view of {@code length} bytes of the array's native memory, from {@code byteOffset}. */
  private static ByteBuffer nativeView(INDArray array, long byteOffset, int length) {
    BytePointer base = new BytePointer(array.data().addressPointer());
    BytePointer at = base.getPointer(byteOffset);
    at.capacity(length);
    return at.limit(length).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void requireLittleEndian() {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new SafetensorsException(null, "safetensors I/O needs a little-endian platform; this one is "
          + ByteOrder.nativeOrder());
    }
  }
}
