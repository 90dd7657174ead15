package io.coveton.shared.storage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3-compatible server a node runs in process when no S3 is configured: S3Proxy with its
 * objects as files under {@code <data folder>/s3}, SigV4 checked against credentials made fresh at
 * each start (only this process signs for it; URLs it handed out before a restart stop working,
 * which they would within minutes anyway).
 */
public final class EmbeddedObjectStorage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedObjectStorage.class);
  private final S3Proxy proxy;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String host;

  private EmbeddedObjectStorage(S3Proxy proxy, String host, String accessKeyId, String secretAccessKey) {
    this.proxy = proxy;
    this.host = host;
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
  }

  public static EmbeddedObjectStorage start(Path dataDir, String host, int port) throws Exception {
    Path root = dataDir.resolve("s3");
    Files.createDirectories(root);
    SecureRandom random = new SecureRandom();
    String accessKeyId = "coveton-" + HexFormat.of().formatHex(bytes(random, 8));
    String secret = HexFormat.of().formatHex(bytes(random, 32));
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new FilesystemNio2BlobStore(root.toString()))
        .endpoint(URI.create("http://" + host + ":" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secret)
        .build();
    proxy.start();
    EmbeddedObjectStorage storage = new EmbeddedObjectStorage(proxy, host, accessKeyId, secret);
    LOG.info("embedded S3-compatible storage on {} (objects in {})", storage.endpoint(), root);
    return storage;
  }

  private static byte[] bytes(SecureRandom random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Where the server reaches it. */
  public String endpoint() {
    return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + proxy.getPort();
  }

  public int port() {
    return proxy.getPort();
  }

  public S3ObjectStore.Connection connection(String publicEndpoint, String region, String bucket) {
    return new S3ObjectStore.Connection(endpoint(), publicEndpoint.isBlank() ? endpoint() : publicEndpoint, region,
        bucket, accessKeyId, secretAccessKey, true);
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      LOG.warn("embedded storage did not stop cleanly: {}", e.toString());
    }
  }
}
