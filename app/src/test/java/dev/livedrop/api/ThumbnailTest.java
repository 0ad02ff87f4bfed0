package dev.livedrop.api;

import static dev.livedrop.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.livedrop.support.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image files get a thumbnail in the background; nothing else does, and bad images fail quietly. */
class ThumbnailTest {
  @TempDir static Path data;
  static TestServer server;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(data);
    admin = bearer(server.api.createDrop("{\"name\":\"pictures\"}").path("adminToken").asText());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static byte[] image(int w, int h, String format) throws Exception {
    var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < w; x += 50) img.setRGB(x, x % h, 0xff0000);
    var out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  static JsonNode upload(String name, byte[] bytes) {
    return server.api.putFile("pictures", name, bytes, "Authorization", admin).json().path("assets").get(0);
  }

  static String awaitThumbnail(String id) throws InterruptedException {
    String state = "pending";
    for (int i = 0; i < 100 && state.equals("pending"); i++) {
      Thread.sleep(100);
      state = server.api.get("/api/v1/drops/pictures/assets/" + id, "Authorization", admin).json().path("file").path("thumbnail").asText();
    }
    return state;
  }

  @Test
  void largePngGetsABoundedThumbnailKeepingItsAspect() throws Exception {
    JsonNode a = upload("big.png", image(2000, 1500, "png"));
    assertThat(a.path("file").path("thumbnail").asText()).isEqualTo("pending");
    String id = a.path("id").asText();
    assertThat(awaitThumbnail(id)).isEqualTo("ready");
    var r = server.api.get("/api/v1/drops/pictures/assets/" + id + "/thumbnail", "Authorization", admin);
    assertThat(r.status()).isEqualTo(200);
    BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(r.bytes()));
    assertThat(thumb.getWidth()).isLessThanOrEqualTo(320);
    assertThat(thumb.getHeight()).isLessThanOrEqualTo(320);
    assertThat((double) thumb.getWidth() / thumb.getHeight()).isCloseTo(2000.0 / 1500, org.assertj.core.data.Offset.offset(0.05));
  }

  @Test
  void jpegGetsAThumbnailToo() throws Exception {
    String id = upload("photo.jpg", image(800, 600, "jpg")).path("id").asText();
    assertThat(awaitThumbnail(id)).isEqualTo("ready");
  }

  @Test
  void nonImagesHaveNone() {
    JsonNode a = upload("data.bin", new byte[] {1, 2, 3});
    assertThat(a.path("file").path("thumbnail").asText()).isEqualTo("none");
    assertThat(server.api.get("/api/v1/drops/pictures/assets/" + a.path("id").asText() + "/thumbnail", "Authorization", admin).status())
        .isEqualTo(404);
  }

  @Test
  void randomBytesNamedPngAreNotAnImage() {
    byte[] noise = new byte[5000];
    new Random(1).nextBytes(noise);
    assertThat(upload("fake.png", noise).path("file").path("thumbnail").asText()).isEqualTo("none");
  }

  @Test
  void truncatedPngFailsAndTheServerGoesOn() throws Exception {
    byte[] png = image(1000, 800, "png");
    String id = upload("cut.png", Arrays.copyOf(png, png.length / 3)).path("id").asText();
    assertThat(awaitThumbnail(id)).isEqualTo("failed");
    assertThat(server.api.get("/api/v1/drops/pictures", "Authorization", admin).status()).isEqualTo(200);
  }
}
