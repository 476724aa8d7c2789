package dev.memcache.spring.boot;

import dev.memcache.java.MemcacheAsyncClient;
import dev.memcache.java.MemcacheClient;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * A {@link MemcacheClient} from the {@code memcache.*} properties (see {@link MemcacheProperties}),
 * and its {@link MemcacheAsyncClient} view. Both back off when the application defines its own bean
 * of that type. The client is closed with the context, after writing the noreply writes still
 * queued.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(MemcacheClient.class)
@EnableConfigurationProperties(MemcacheProperties.class)
public class MemcacheAutoConfiguration {

  /** Created by Spring. */
  public MemcacheAutoConfiguration() {}

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  MemcacheClient memcacheClient(
      MemcacheProperties properties,
      ObjectProvider<SslBundles> sslBundles,
      ObjectProvider<MemcacheClientBuilderCustomizer> customizers) {
    MemcacheClient.Builder builder = builder(properties, sslBundles.getIfAvailable());
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * The future-returning view of the client (of the {@code @Primary} one among several); closing
   * the context closes the client, not this view.
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  @ConditionalOnSingleCandidate(MemcacheClient.class)
  MemcacheAsyncClient memcacheAsyncClient(MemcacheClient memcacheClient) {
    return memcacheClient.async();
  }

  /** A builder holding the properties; the client's own checks reject bad values. */
  static MemcacheClient.Builder builder(MemcacheProperties p, SslBundles sslBundles) {
    MemcacheClient.Builder b =
        MemcacheClient.builder()
            .servers(p.getServers())
            .protocol(p.getProtocol())
            .operationTimeout(p.getOperationTimeout())
            .connectTimeout(p.getConnectTimeout())
            .connectionsPerServer(p.getConnectionsPerServer())
            .maxInFlight(p.getMaxInFlight())
            .failurePolicy(p.getFailurePolicy())
            .failureLimit(p.getFailureLimit())
            .retryDelay(p.getRetryDelay())
            .failoverTtl(p.getFailoverTtl())
            .keyPrefix(p.getKeyPrefix())
            .maxValueSize(Math.toIntExact(p.getMaxValueSize().toBytes()));
    if (p.getHangTimeout() != null) b.hangTimeout(p.getHangTimeout());
    if (p.getHashAlgorithm() != null) b.distribution(p.getDistribution(), p.getHashAlgorithm());
    else b.distribution(p.getDistribution());
    SSLContext tls = tls(p.getSsl(), sslBundles);
    if (tls != null) {
      b.tls(tls).tlsHostnameVerification(p.getSsl().isHostnameVerification());
    }
    MemcacheSaslProperties sasl = p.getSasl();
    if (sasl.getUsername() != null) {
      if (sasl.getPassword() == null)
        throw new IllegalArgumentException(
            "memcache.sasl.username is set but memcache.sasl.password is not");
      b.sasl(sasl.getUsername(), sasl.getPassword());
    }
    return b;
  }

  private static SSLContext tls(MemcacheSslProperties ssl, SslBundles sslBundles) {
    String bundle = ssl.getBundle();
    if (bundle != null && !bundle.isBlank()) {
      if (sslBundles == null)
        throw new IllegalStateException(
            "memcache.ssl.bundle=" + bundle + " but the application has no SslBundles bean");
      return sslBundles.getBundle(bundle).createSslContext();
    }
    if (!ssl.isEnabled()) return null;
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("memcache.ssl.enabled: the JVM has no default TLS", e);
    }
  }
}
