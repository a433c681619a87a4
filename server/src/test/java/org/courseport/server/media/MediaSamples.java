package org.courseport.server.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Small files with the real leading bytes of each media type, padded with seeded noise. */
public final class MediaSamples {
  private MediaSamples() {}

  public static byte[] png(int size, long seed) {
    return withHead(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, size, seed);
  }

  public static byte[] jpeg(int size, long seed) {
    return withHead(
        new byte[] {
          (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F'
        },
        size,
        seed);
  }

  public static byte[] gif(int size, long seed) {
    return withHead(ascii("GIF89a"), size, seed);
  }

  public static byte[] webp(int size, long seed) {
    return withHead(ascii("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "), size, seed);
  }

  public static byte[] wav(int size, long seed) {
    return withHead(ascii("RIFF\u0000\u0000\u0000\u0000WAVEfmt "), size, seed);
  }

  public static byte[] mp4(int size, long seed) {
    return withHead(ascii("\u0000\u0000\u0000\u0018ftypisom\u0000\u0000\u0002\u0000"), size, seed);
  }

  public static byte[] m4a(int size, long seed) {
    return withHead(ascii("\u0000\u0000\u0000\u0018ftypM4A \u0000\u0000\u0002\u0000"), size, seed);
  }

  public static byte[] quicktime(int size, long seed) {
    return withHead(ascii("\u0000\u0000\u0000\u0014ftypqt  \u0000\u0000\u0002\u0000"), size, seed);
  }

  public static byte[] webm(int size, long seed) {
    byte[] head = {
      0x1a,
      0x45,
      (byte) 0xdf,
      (byte) 0xa3,
      (byte) 0x9f,
      0x42,
      (byte) 0x86,
      (byte) 0x81,
      0x01,
      0x42,
      (byte) 0x82,
      (byte) 0x84,
      'w',
      'e',
      'b',
      'm'
    };
    return withHead(head, size, seed);
  }

  public static byte[] mp3Id3(int size, long seed) {
    return withHead(ascii("ID3\u0004\u0000\u0000"), size, seed);
  }

  public static byte[] mp3Frame(int size, long seed) {
    return withHead(new byte[] {(byte) 0xff, (byte) 0xfb, (byte) 0x90, 0x64}, size, seed);
  }

  public static byte[] ogg(int size, long seed) {
    return withHead(ascii("OggS\u0000\u0002"), size, seed);
  }

  public static byte[] pdf(int size, long seed) {
    return withHead(ascii("%PDF-1.7\n"), size, seed);
  }

  public static byte[] svg() {
    return ascii(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
            + "<circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"green\"/></svg>\n");
  }

  public static byte[] html() {
    return ascii("<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n");
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] withHead(byte[] head, int size, long seed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head);
    byte[] noise = new byte[Math.max(0, size - head.length)];
    new Random(seed).nextBytes(noise);
    out.writeBytes(noise);
    return out.toByteArray();
  }
}
