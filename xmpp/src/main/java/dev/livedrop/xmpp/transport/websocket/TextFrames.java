package dev.livedrop.xmpp.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * RFC 6455 §5.2 text frames from server to client (never masked, §5.1), encoded straight into one
 * buffer from a message's UTF-8 parts: a broadcast's shared head and tail and this recipient's
 * address, without a String, a frame object or a codec per recipient. A message longer than
 * {@link #MAX_FRAGMENT} is sent as a text frame and continuation frames (§5.4), as Vert.x does,
 * because clients (Vert.x's among them) refuse larger frames by default.
 */
final class TextFrames {
  /** The largest frame payload sent: Vert.x's default maximum WebSocket frame size. */
  static final int MAX_FRAGMENT = 65_536;
  private static final int FIN = 0x80;
  private static final int OPCODE_CONTINUATION = 0x0;
  private static final int OPCODE_TEXT = 0x1;
  private static final int LENGTH_16 = 126;
  private static final int LENGTH_64 = 127;

  private TextFrames() {}

  static ByteBuf of(ByteBufAllocator alloc, byte[] payload) {
    return of(alloc, payload, EMPTY, EMPTY);
  }

  /** One text message whose payload is {@code a}, {@code b} and {@code c} in order. */
  static ByteBuf of(ByteBufAllocator alloc, byte[] a, byte[] b, byte[] c) {
    int length = a.length + b.length + c.length;
    if (length > MAX_FRAGMENT) return fragmented(alloc, concat(a, b, c));
    ByteBuf buf = alloc.directBuffer(headerLength(length) + length);
    header(buf, FIN | OPCODE_TEXT, length);
    return buf.writeBytes(a).writeBytes(b).writeBytes(c);
  }

  private static ByteBuf fragmented(ByteBufAllocator alloc, byte[] payload) {
    int frames = (payload.length + MAX_FRAGMENT - 1) / MAX_FRAGMENT;
    ByteBuf buf = alloc.directBuffer(payload.length + frames * headerLength(MAX_FRAGMENT));
    for (int offset = 0; offset < payload.length; offset += MAX_FRAGMENT) {
      int n = Math.min(MAX_FRAGMENT, payload.length - offset);
      boolean last = offset + n == payload.length;
      int opcode = offset == 0 ? OPCODE_TEXT : OPCODE_CONTINUATION;
      header(buf, (last ? FIN : 0) | opcode, n);
      buf.writeBytes(payload, offset, n);
    }
    return buf;
  }

  static int headerLength(int payloadLength) {
    return payloadLength < LENGTH_16 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
  }

  private static void header(ByteBuf buf, int first, int length) {
    buf.writeByte(first);
    if (length < LENGTH_16) {
      buf.writeByte(length);
    } else if (length <= 0xFFFF) {
      buf.writeByte(LENGTH_16).writeShort(length);
    } else {
      buf.writeByte(LENGTH_64).writeLong(length);
    }
  }

  private static byte[] concat(byte[] a, byte[] b, byte[] c) {
    byte[] all = new byte[a.length + b.length + c.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    System.arraycopy(c, 0, all, a.length + b.length, c.length);
    return all;
  }

  private static final byte[] EMPTY = new byte[0];
}
