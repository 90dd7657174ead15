package io.coveton.shared.storage;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link ObjectStore} on the AWS SDK v2, for any S3-compatible store: presigned SigV4 URLs against
 * the public endpoint, and the sync client (over the JDK's HTTP client, so no second Netty) on a
 * worker pool against the endpoint the server reaches. Checksums only where S3 requires them, which
 * S3-compatible stores accept alike.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
  private final S3Client client;
  private final S3Presigner presigner;
  private final String bucket;
  private final WorkerExecutor workers;

  /** Where the store is and how to sign for it. */
  public record Connection(String endpoint, String publicEndpoint, String region, String bucket, String accessKeyId,
      String secretAccessKey, boolean pathStyle) {
    @Override
    public String toString() {
      return "Connection[endpoint=" + endpoint + ", publicEndpoint=" + publicEndpoint + ", bucket=" + bucket + "]";
    }
  }

  public S3ObjectStore(Connection connection, WorkerExecutor workers) {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(connection.accessKeyId(), connection.secretAccessKey()));
    Region region = Region.of(connection.region());
    this.client = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(URI.create(connection.endpoint()))
        .region(region)
        .credentialsProvider(credentials)
        .forcePathStyle(connection.pathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
    this.presigner = S3Presigner.builder()
        .endpointOverride(URI.create(connection.publicEndpoint()))
        .region(region)
        .credentialsProvider(credentials)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(connection.pathStyle())
            .checksumValidationEnabled(false).build())
        .build();
    this.bucket = connection.bucket();
    this.workers = workers;
  }

  /** Creates the bucket when it does not exist yet (blocking: at start-up only). */
  public void ensureBucket() {
    try {
      client.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      create();
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
      create();
    }
  }

  private void create() {
    LOG.info("creating bucket {}", bucket);
    client.createBucket(b -> b.bucket(bucket));
  }

  @Override
  public Presigned presignPut(String key, String contentType, long size, Duration validFor) {
    return presigned(presigner.presignPutObject(p -> p.signatureDuration(validFor)
        .putObjectRequest(r -> r.bucket(bucket).key(key).contentType(contentType).contentLength(size))));
  }

  @Override
  public Presigned presignGet(String key, Duration validFor) {
    return presigned(presigner.presignGetObject(p -> p.signatureDuration(validFor)
        .getObjectRequest(r -> r.bucket(bucket).key(key))));
  }

  @Override
  public Future<Long> sizeOf(String key) {
    return blocking(() -> {
      try {
        return client.headObject(r -> r.bucket(bucket).key(key)).contentLength();
      } catch (NoSuchKeyException e) {
        return null;
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          return null;
        }
        throw e;
      }
    });
  }

  @Override
  public Future<Void> delete(String key) {
    return blocking(() -> {
      client.deleteObject(r -> r.bucket(bucket).key(key));
      return null;
    });
  }

  @Override
  public Future<String> startMultipart(String key, String contentType) {
    return blocking(() -> client.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType(contentType))
        .uploadId());
  }

  @Override
  public Presigned presignPart(String key, String uploadId, int partNumber, long size, Duration validFor) {
    return presigned(presigner.presignUploadPart(p -> p.signatureDuration(validFor)
        .uploadPartRequest(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
            .contentLength(size))));
  }

  @Override
  public Future<List<UploadedPart>> uploadedParts(String key, String uploadId) {
    return blocking(() -> {
      List<UploadedPart> parts = new ArrayList<>();
      client.listPartsPaginator(r -> r.bucket(bucket).key(key).uploadId(uploadId)).parts().forEach(part ->
          parts.add(new UploadedPart(part.partNumber(), part.eTag(), part.size())));
      return parts;
    });
  }

  @Override
  public Future<Void> completeMultipart(String key, String uploadId, List<UploadedPart> parts) {
    List<CompletedPart> completed = parts.stream()
        .map(part -> CompletedPart.builder().partNumber(part.partNumber()).eTag(part.etag()).build()).toList();
    return blocking(() -> {
      try {
        client.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
            .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build()));
      } catch (NoSuchUploadException e) {
        throw new UploadGone(key);
      }
      return null;
    });
  }

  @Override
  public Future<Void> abortMultipart(String key, String uploadId) {
    return blocking(() -> {
      try {
        client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
      } catch (NoSuchUploadException e) {
        // already completed or aborted
      } catch (S3Exception e) {
        if (e.statusCode() != 404) {
          throw e;
        }
      }
      return null;
    });
  }

  private <T> Future<T> blocking(Callable<T> call) {
    return workers.executeBlocking(call, false);
  }

  private static Presigned presigned(PresignedRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    request.signedHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        headers.put(canonical(name), String.join(",", values));
      }
    });
    SdkHttpRequest http = request.httpRequest();
    return new Presigned(http.getUri().toString(), Map.copyOf(headers), request.expiration());
  }

  private static String canonical(String header) {
    return switch (header.toLowerCase()) {
      case "content-length" -> "Content-Length";
      case "content-type" -> "Content-Type";
      default -> header;
    };
  }

  @Override
  public void close() {
    client.close();
    presigner.close();
  }
}
