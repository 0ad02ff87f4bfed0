package dev.livedrop.xmpp.transport.tcp;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate and key for STARTTLS: the operator's PEM files if configured, else a
 * self-signed one made on first start and kept in the data dir, so that clients that pin it
 * (trust on first use) keep working across restarts.
 */
public record TlsMaterial(Path certificate, Path privateKey) {

  public static TlsMaterial loadOrCreate(Path certificate, Path privateKey, Path dataDir, String domain)
      throws IOException {
    if (certificate != null && privateKey != null) return new TlsMaterial(certificate, privateKey);
    Path cert = dataDir.resolve("xmpp-cert.pem");
    Path key = dataDir.resolve("xmpp-key.pem");
    if (!Files.exists(cert) || !Files.exists(key)) generate(cert, key, domain);
    return new TlsMaterial(cert, key);
  }

  private static void generate(Path cert, Path key, String domain) throws IOException {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = gen.generateKeyPair();
      X500Name name = new X500Name("CN=" + domain);
      Instant now = Instant.now();
      var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
          Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
          new GeneralName(GeneralName.dNSName, domain), new GeneralName(GeneralName.dNSName, "*." + domain)}));
      var certificate = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      Files.createDirectories(cert.toAbsolutePath().getParent());
      Files.writeString(key, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null)));
      try {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not POSIX
      }
      Files.writeString(cert, pem(certificate));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("could not make a self-signed certificate", e);
    }
  }

  private static String pem(Object o) throws IOException {
    var out = new StringWriter();
    try (var w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    }
    return out.toString();
  }
}
