package dev.livedrop.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeaderTextTest {
  @Test
  void percentEncodedUtf8IsDecoded() {
    assertThat(HeaderText.decode("n", "r%C3%A9sum%C3%A9%20final.pdf")).isEqualTo("résumé final.pdf");
  }

  @Test
  void rawUtf8BytesAsNettyHandsThemOverAreDecoded() {
    String latin1View = new String("résumé".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(HeaderText.decode("n", latin1View)).isEqualTo("résumé");
  }

  @Test
  void invalidUtf8IsRefused() {
    assertThatThrownBy(() -> HeaderText.decode("n", "caf%E9")).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> HeaderText.decode("n", "%C3")).hasMessageContaining("UTF-8");
  }

  @Test
  void loneOrShortPercentIsRefused() {
    assertThatThrownBy(() -> HeaderText.decode("n", "100%")).hasMessageContaining("%XX");
    assertThatThrownBy(() -> HeaderText.decode("n", "a%4")).hasMessageContaining("%XX");
  }

  @Test
  void contentDispositionCarriesAnAsciiFallbackAndTheExactName() {
    assertThat(HeaderText.contentDisposition("attachment", "résumé \"x\".pdf"))
        .isEqualTo("attachment; filename=\"r_sum_ _x_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22x%22.pdf");
  }
}
