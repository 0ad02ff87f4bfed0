package dev.livedrop.xmpp.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames as a client reads them: Netty's own RFC 6455 decoder, expecting unmasked frames. */
class TextFramesTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536})
  void oneFrameUpToTheLimitWithEveryLengthEncoding(int length) {
    byte[] payload = payload(length);
    List<WebSocketFrame> frames = decode(TextFrames.of(ByteBufAllocator.DEFAULT, payload));
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0)).isInstanceOf(TextWebSocketFrame.class);
    assertThat(frames.get(0).isFinalFragment()).isTrue();
    assertThat(bytes(frames.get(0))).isEqualTo(payload);
    frames.forEach(WebSocketFrame::release);
  }

  @Test
  void theThreePartsOfABroadcastAreOneMessage() {
    byte[] head = "<message xmlns='jabber:client' to='".getBytes(StandardCharsets.UTF_8);
    byte[] to = "ann@example.test/ünïcode".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "'><body>hi</body></message>".getBytes(StandardCharsets.UTF_8);
    List<WebSocketFrame> frames = decode(TextFrames.of(ByteBufAllocator.DEFAULT, head, to, tail));
    assertThat(frames).hasSize(1);
    assertThat(((TextWebSocketFrame) frames.get(0)).text())
        .isEqualTo("<message xmlns='jabber:client' to='ann@example.test/ünïcode'><body>hi</body></message>");
    frames.forEach(WebSocketFrame::release);
  }

  @Test
  void aLongerMessageIsFragmentedIntoContinuationFrames() {
    byte[] payload = payload(2 * TextFrames.MAX_FRAGMENT + 10);
    List<WebSocketFrame> frames = decode(TextFrames.of(ByteBufAllocator.DEFAULT, payload));
    assertThat(frames).hasSize(3);
    assertThat(frames.get(0)).isInstanceOf(TextWebSocketFrame.class);
    assertThat(frames.get(1)).isInstanceOf(ContinuationWebSocketFrame.class);
    assertThat(frames.get(2)).isInstanceOf(ContinuationWebSocketFrame.class);
    assertThat(frames).extracting(WebSocketFrame::isFinalFragment).containsExactly(false, false, true);
    assertThat(frames).allSatisfy(f -> assertThat(f.content().readableBytes()).isLessThanOrEqualTo(TextFrames.MAX_FRAGMENT));
    ByteBuf joined = Unpooled.buffer();
    frames.forEach(f -> joined.writeBytes(f.content()));
    assertThat(bytes(joined)).isEqualTo(payload);
    frames.forEach(WebSocketFrame::release);
  }

  private static List<WebSocketFrame> decode(ByteBuf wire) {
    var decoder = new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
        .expectMaskedFrames(false).maxFramePayloadLength(1 << 20).allowExtensions(false).build());
    var ch = new EmbeddedChannel(decoder);
    ch.writeInbound(wire);
    List<WebSocketFrame> out = new ArrayList<>();
    WebSocketFrame f;
    while ((f = ch.readInbound()) != null) out.add(f);
    ch.finishAndReleaseAll();
    return out;
  }

  private static byte[] payload(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) b[i] = (byte) ('a' + i % 26);
    return b;
  }

  private static byte[] bytes(WebSocketFrame f) {
    return bytes(f.content());
  }

  private static byte[] bytes(ByteBuf b) {
    byte[] out = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), out);
    return out;
  }
}
