package org.grpo4j.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/** The pool-worker protocol: length-prefixed UTF-8 JSON frames, one request and one response per program. */
final class Protocol {
  static final ObjectMapper JSON = new ObjectMapper();
  /** The largest frame either side accepts: 64 MiB. */
  static final int MAX_FRAME = 64 << 20;

  private Protocol() {}

  static void write(DataOutputStream out, JsonNode node) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(node);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
  }

  /** The next frame, or null at a clean end of stream. */
  static JsonNode read(DataInputStream in) throws IOException {
    int length;
    try {
      length = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (length < 0 || length > MAX_FRAME) {
      throw new IOException("frame length " + length + " is not in [0, " + MAX_FRAME + "]");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return JSON.readTree(bytes);
  }

  static ObjectNode request(long id, Program p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("source", p.source());
    o.set("tests", p.tests().toJson());
    Limits l = p.limits();
    ObjectNode lo = o.putObject("limits");
    lo.put("instructions", l.instructions());
    lo.put("time_ms", l.timeMillis());
    lo.put("stack_depth", l.stackDepth());
    lo.put("output_bytes", l.outputBytes());
    lo.put("memory_mb", l.memoryMb());
    o.put("seed", p.seed());
    return o;
  }

  static Program program(JsonNode o) {
    JsonNode l = o.get("limits");
    Limits limits = new Limits(l.get("instructions").asLong(), l.get("time_ms").asLong(), l.get("stack_depth").asInt(),
        l.get("output_bytes").asInt(), l.get("memory_mb").asInt());
    return new Program(o.get("source").asText(), TestSpec.fromJson(o.get("tests")), limits, o.get("seed").asLong());
  }

  static ObjectNode response(long id, SandboxResult r, boolean retire) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("reward", r.reward());
    o.put("status", r.status().word());
    o.put("passed", r.passed());
    o.put("total", r.total());
    o.put("message", r.message());
    o.put("output", r.output());
    o.put("retire", retire);
    return o;
  }

  static SandboxResult result(JsonNode o) {
    return new SandboxResult(o.get("reward").asDouble(), Status.fromWord(o.get("status").asText()),
        o.get("passed").asInt(), o.get("total").asInt(), o.get("message").asText(), o.get("output").asText());
  }
}
