package dev.vscope.store.prom;

import io.airlift.compress.snappy.SnappyCompressor;
import java.util.Arrays;

/**
 * Snappy block compression (the raw format, not the framed one), which remote write requires for
 * its body. aircompressor's implementation is pure Java: no native library to ship or to fail
 * loading, unlike snappy-java.
 */
final class SnappyBlock {

  private SnappyBlock() {}

  static byte[] compress(byte[] input) {
    SnappyCompressor compressor = new SnappyCompressor(); // cheap, and not thread-safe to share
    byte[] out = new byte[compressor.maxCompressedLength(input.length)];
    int n = compressor.compress(input, 0, input.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }
}
