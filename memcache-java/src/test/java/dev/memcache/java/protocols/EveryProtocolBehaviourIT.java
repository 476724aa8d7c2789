package dev.memcache.java.protocols;

import dev.memcache.core.Protocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour suite ({@link BehaviourCases}) over text, binary and meta against a real memcached.
 */
class EveryProtocolBehaviourIT extends EveryProtocol {

  private static BehaviourCases cases(Protocol p) {
    return new BehaviourCases(client(p), name -> key(p, name));
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void getOfAMissingKeyReturnsNull(Protocol p) {
    cases(p).getOfAMissingKeyReturnsNull();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void getAndTouchOfAMissingKeyReturnsNull(Protocol p) {
    cases(p).getAndTouchOfAMissingKeyReturnsNull();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void valuesOfEveryKindRoundTrip(Protocol p) {
    cases(p).valuesOfEveryKindRoundTrip();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void casSucceedsOnlyWithTheCurrentCasId(Protocol p) {
    cases(p).casSucceedsOnlyWithTheCurrentCasId();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void getAndTouchReturnTheValueAndItsCasId(Protocol p) {
    cases(p).getAndTouchReturnTheValueAndItsCasId();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void addReplaceAppendAndPrependReportWhetherTheyStored(Protocol p) {
    cases(p).addReplaceAppendAndPrependReportWhetherTheyStored();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void deleteAndTouchReportWhetherTheKeyExisted(Protocol p) {
    cases(p).deleteAndTouchReportWhetherTheKeyExisted();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void countersAreUnsignedDecrStopsAtZeroAndIncrWraps(Protocol p) {
    cases(p).countersAreUnsignedDecrStopsAtZeroAndIncrWraps();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void incrOfANonNumericValueIsAClientErrorAndTheConnectionStays(Protocol p) {
    cases(p).incrOfANonNumericValueIsAClientErrorAndTheConnectionStays();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void multiGetReturnsHitsOnlyAcrossManyRequests(Protocol p) {
    cases(p).multiGetReturnsHitsOnlyAcrossManyRequests();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void noreplyWritesApplyAndTheirFailuresDoNotDesynchronise(Protocol p) {
    cases(p).noreplyWritesApplyAndTheirFailuresDoNotDesynchronise();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void updateAndAsyncCallsWorkOnEveryProtocol(Protocol p) throws Exception {
    cases(p).updateAndAsyncCallsWork();
  }
}
