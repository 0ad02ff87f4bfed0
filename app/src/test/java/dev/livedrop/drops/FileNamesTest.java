package dev.livedrop.drops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileNamesTest {
  @Test
  void onlyTheLastPathSegmentSurvives() {
    assertThat(FileNames.safe("../../etc/passwd")).isEqualTo("passwd");
    assertThat(FileNames.safe("/abs/x.txt")).isEqualTo("x.txt");
    assertThat(FileNames.safe("C:\\Users\\me\\y.doc")).isEqualTo("y.doc");
  }

  @Test
  void controlCharactersAndNulBecomeUnderscores() {
    assertThat(FileNames.safe("a\u0000b\u0007c\n.txt")).isEqualTo("a_b_c_.txt");
    assertThat(FileNames.safe("right\u202Etxt.exe")).isEqualTo("right_txt.exe");
  }

  @Test
  void leadingDotsAndTrailingDotsOrSpacesGo() {
    assertThat(FileNames.safe(".bashrc")).isEqualTo("bashrc");
    assertThat(FileNames.safe("name. . ")).isEqualTo("name");
    assertThat(FileNames.safe("..")).isEqualTo("file");
    assertThat(FileNames.safe("///")).isEqualTo("file");
  }

  @Test
  void windowsDeviceNamesArePrefixed() {
    assertThat(FileNames.safe("CON.txt")).isEqualTo("_CON.txt");
    assertThat(FileNames.safe("lpt1")).isEqualTo("_lpt1");
  }

  @Test
  void longNamesAreCutKeepingTheExtension() {
    String safe = FileNames.safe("x".repeat(400) + ".tar.gz");
    assertThat(safe).hasSize(FileNames.MAX_LENGTH).endsWith(".gz");
  }

  @Test
  void unicodeIsKeptAndNormalized() {
    assertThat(FileNames.safe("re\u0301sume\u0301.pdf")).isEqualTo("résumé.pdf");
    assertThat(FileNames.safe("写真.jpg")).isEqualTo("写真.jpg");
  }

  @Test
  void emptyAndUndecodableOriginalsAreRefused() {
    assertThatThrownBy(() -> FileNames.checkOriginal("")).isInstanceOf(DropException.class);
    assertThatThrownBy(() -> FileNames.checkOriginal("bad\uFFFDname")).hasMessageContaining("UTF-8");
  }
}
