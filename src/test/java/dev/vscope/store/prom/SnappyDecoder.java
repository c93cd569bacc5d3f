package dev.vscope.store.prom;

/**
 * An independent Snappy block-format decoder, written from the format description (a varint of
 * the uncompressed length, then literals and back-references with 1-, 2- or 4-byte offsets), to
 * check the compressor without trusting the library's own decompressor.
 */
final class SnappyDecoder {

  private SnappyDecoder() {}

  static byte[] decode(byte[] in) {
    int pos = 0;
    long length = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in[pos++] & 0xFF;
      length |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
    }
    byte[] out = new byte[Math.toIntExact(length)];
    int o = 0;
    while (pos < in.length) {
      int tag = in[pos++] & 0xFF;
      switch (tag & 3) {
        case 0 -> { // literal
          int len = tag >>> 2;
          if (len >= 60) {
            int bytes = len - 59;
            len = 0;
            for (int i = 0; i < bytes; i++) {
              len |= (in[pos++] & 0xFF) << (8 * i);
            }
          }
          len += 1;
          System.arraycopy(in, pos, out, o, len);
          pos += len;
          o += len;
        }
        case 1 -> { // copy, 1-byte offset
          int len = ((tag >>> 2) & 7) + 4;
          int offset = ((tag >>> 5) << 8) | (in[pos++] & 0xFF);
          o = copy(out, o, offset, len);
        }
        case 2 -> { // copy, 2-byte offset
          int len = (tag >>> 2) + 1;
          int offset = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8;
          pos += 2;
          o = copy(out, o, offset, len);
        }
        default -> { // copy, 4-byte offset
          int len = (tag >>> 2) + 1;
          int offset = 0;
          for (int i = 0; i < 4; i++) {
            offset |= (in[pos++] & 0xFF) << (8 * i);
          }
          o = copy(out, o, offset, len);
        }
      }
    }
    if (o != out.length) {
      throw new IllegalArgumentException("decoded " + o + " bytes, header says " + out.length);
    }
    return out;
  }

  private static int copy(byte[] out, int o, int offset, int len) {
    if (offset <= 0 || offset > o) {
      throw new IllegalArgumentException("bad offset " + offset + " at " + o);
    }
    for (int i = 0; i < len; i++) { // byte by byte: a copy may overlap its own output
      out[o + i] = out[o - offset + i];
    }
    return o + len;
  }
}
