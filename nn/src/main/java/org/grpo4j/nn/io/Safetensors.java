package org.grpo4j.nn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads and writes safetensors files: an 8-byte little-endian header length N, N bytes of UTF-8 JSON describing each
 * tensor ({@code dtype}, {@code shape}, {@code data_offsets} into the data section) plus optional
 * {@code "__metadata__"} strings, then the raw little-endian C-order tensor data.
 *
 * <p>Reading checks the whole header before loading any data (see {@link SafetensorsException}) and copies each
 * tensor from the file straight into its ND4J array in bounded chunks, so a file needs about its own size in memory.
 * The dtypes read and written are described in {@link SafetensorsDtype}. Writing lays the data out in descending
 * element size (each tensor aligned to its element size, the header padded with spaces to a multiple of 8) while the
 * header keeps the caller's order, and replaces the file atomically through {@link AtomicFiles}.
 */
public final class Safetensors {
  /** Largest header accepted, as in the reference implementation. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private Safetensors() {}

  /** Reads every tensor of {@code file} (in header order) and its metadata. */
  public static SafetensorsFile read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      SafetensorsHeader header = readHeader(file, channel);
      Map<String, INDArray> tensors = new LinkedHashMap<>();
      for (TensorInfo info : header.tensors()) {
        tensors.put(info.name(), TensorCodec.read(file, channel, header.dataStart(), info));
      }
      return new SafetensorsFile(tensors, header.metadata());
    }
  }

  /** Reads and validates only the header of {@code file}: names, dtypes, shapes, offsets and metadata. */
  public static SafetensorsHeader readHeader(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return readHeader(file, channel);
    }
  }

  private static SafetensorsHeader readHeader(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size < 8) {
      throw new SafetensorsException(file, "file is " + size + " bytes, shorter than the 8-byte header length prefix");
    }
    ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(file, channel, prefix, 0);
    long headerLength = prefix.getLong(0);
    if (headerLength < 0 || headerLength > size - 8) {
      throw new SafetensorsException(file, "header length " + Long.toUnsignedString(headerLength)
          + " is larger than the file: only " + (size - 8) + " bytes follow the 8-byte prefix");
    }
    if (headerLength > MAX_HEADER_BYTES) {
      throw new SafetensorsException(file, "header length " + headerLength + " exceeds the limit of "
          + MAX_HEADER_BYTES + " bytes");
    }
    ByteBuffer json = ByteBuffer.allocate((int) headerLength);
    readFully(file, channel, json, 8);
    return HeaderCodec.parse(file, json.array(), 8 + headerLength, size - 8 - headerLength);
  }

  private static void readFully(Path file, FileChannel channel, ByteBuffer dst, long position) throws IOException {
    while (dst.hasRemaining()) {
      int n = channel.read(dst, position);
      if (n < 0) {
        throw new SafetensorsException(file, "file ended at byte " + position + " while reading the header");
      }
      position += n;
    }
  }

  /** Atomically writes {@code tensors} (no metadata) to {@code file}, replacing it if it exists. */
  public static void write(Path file, Map<String, ? extends INDArray> tensors) throws IOException {
    write(file, tensors, Map.of(), WriteMode.REPLACE);
  }

  /** Atomically writes {@code tensors} and {@code metadata} to {@code file}, replacing it if it exists. */
  public static void write(Path file, Map<String, ? extends INDArray> tensors, Map<String, String> metadata)
      throws IOException {
    write(file, tensors, metadata, WriteMode.REPLACE);
  }

  /**
   * Atomically writes {@code tensors} (header in map order) and {@code metadata} to {@code file}.
   *
   * @throws SafetensorsException if a name is {@code "__metadata__"} or an array's type cannot be written
   * @throws java.nio.file.FileAlreadyExistsException if {@code mode} is CREATE_NEW and the file exists
   */
  public static void write(Path file, Map<String, ? extends INDArray> tensors, Map<String, String> metadata,
      WriteMode mode) throws IOException {
    Objects.requireNonNull(tensors, "tensors");
    Objects.requireNonNull(metadata, "metadata");
    List<String> names = new ArrayList<>();
    List<INDArray> arrays = new ArrayList<>();
    List<SafetensorsDtype> dtypes = new ArrayList<>();
    tensors.forEach((name, array) -> {
      if (name == null || name.equals(HeaderCodec.METADATA_KEY)) {
        throw new SafetensorsException(file, "cannot write a tensor named " + (name == null ? "null" : "'" + name
            + "': the name is reserved for the metadata"));
      }
      if (array == null) {
        throw new SafetensorsException(file, "cannot write tensor '" + name + "': the array is null");
      }
      names.add(name);
      dtypes.add(SafetensorsDtype.forWriting(array.dataType(), name, file));
      arrays.add(TensorCodec.contiguous(array));
    });
    metadata.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new SafetensorsException(file, "metadata entries must be non-null strings, found " + k + " = " + v);
      }
    });
    List<Integer> dataOrder = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      dataOrder.add(i);
    }
    dataOrder.sort(Comparator.comparingInt((Integer i) -> -dtypes.get(i).byteSize())); // stable: keeps map order
    long[] begin = new long[names.size()];
    long offset = 0;
    for (int i : dataOrder) {
      begin[i] = offset;
      offset += arrays.get(i).length() * dtypes.get(i).byteSize();
    }
    List<TensorInfo> infos = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      List<Long> shape = Arrays.stream(arrays.get(i).shape()).boxed().toList();
      infos.add(new TensorInfo(names.get(i), dtypes.get(i), shape, begin[i],
          begin[i] + arrays.get(i).length() * dtypes.get(i).byteSize()));
    }
    byte[] header = HeaderCodec.encode(infos, metadata);
    AtomicFiles.write(file, mode, out -> writeBody(out, header, dataOrder, arrays));
  }

  private static void writeBody(OutputStream out, byte[] header, List<Integer> dataOrder, List<INDArray> arrays)
      throws IOException {
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
    out.write(header);
    byte[] staging = new byte[1 << 20];
    for (int i : dataOrder) {
      TensorCodec.write(out, arrays.get(i), staging);
    }
  }
}
