package dev.memcache.spring.boot.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;

/** A small Spring Boot application that caches with {@code @Cacheable}: what a user writes. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
@Import(CachingApplication.Catalog.class)
public class CachingApplication {

  /** A service whose methods count how often they really run. */
  @Service
  public static class Catalog {
    // read through methods: the caller holds a caching proxy, whose own fields are unset
    private final AtomicInteger bookCalls = new AtomicInteger();
    private final AtomicInteger authorCalls = new AtomicInteger();
    private final AtomicInteger asyncCalls = new AtomicInteger();

    public int bookCalls() {
      return bookCalls.get();
    }

    public int authorCalls() {
      return authorCalls.get();
    }

    public int asyncCalls() {
      return asyncCalls.get();
    }

    @Cacheable("books")
    public String book(String isbn) {
      bookCalls.incrementAndGet();
      return "title of " + isbn;
    }

    @CacheEvict("books")
    public void forgetBook(String isbn) {}

    @Cacheable("authors")
    public String author(String id) {
      authorCalls.incrementAndGet();
      return "author " + id;
    }

    /** Spring 6.1+ caches a future's value through {@code Cache.retrieve}. */
    @Cacheable("prices")
    public CompletableFuture<String> price(String sku) {
      asyncCalls.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> "price of " + sku);
    }
  }
}
